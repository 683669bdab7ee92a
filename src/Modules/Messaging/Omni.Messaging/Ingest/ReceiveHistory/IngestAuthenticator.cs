using Npgsql;
using NpgsqlTypes;
using Omni.Messaging.Ingest.Connections;
using Omni.Platform.Database;

namespace Omni.Messaging.Ingest.ReceiveHistory;

internal sealed record IngestConnectionInfo(Guid Id, string ConnectionId, Guid OrgId, string Platform, Guid ChannelId, byte[] ApiSecretHash, bool IsActive)
{
    public bool SecretMatches(string presented) => ConnectionSecrets.Matches(presented, ApiSecretHash);
}

/// <summary>Finds the connection a request names before the org is known, through the definer function
/// <c>messaging.find_ingest_connection</c> (the only thing the ingest endpoint may see across orgs).</summary>
internal sealed class IngestAuthenticator(NpgsqlDataSource dataSource)
{
    public async Task<IngestConnectionInfo?> FindAsync(string connectionId, CancellationToken ct)
    {
        if (connectionId.Length > 200) return null;
        return await SystemLookup.FirstAsync(dataSource,
            "select id, org_id, platform, channel_id, api_secret_hash, is_active from messaging.find_ingest_connection($1)",
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = connectionId },
            r => new IngestConnectionInfo(r.GetGuid(0), connectionId, r.GetGuid(1), r.GetString(2), r.GetGuid(3), r.GetFieldValue<byte[]>(4), r.GetBoolean(5)), ct);
    }
}
