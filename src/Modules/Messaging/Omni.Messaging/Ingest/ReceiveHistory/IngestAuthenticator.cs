using Npgsql;
using NpgsqlTypes;
using Omni.Messaging.Ingest.Connections;

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
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("set local role omni_system"),
                new NpgsqlBatchCommand("select id, org_id, platform, channel_id, api_secret_hash, is_active from messaging.find_ingest_connection($1)")
                {
                    Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = connectionId } },
                },
            },
        };
        IngestConnectionInfo? found = null;
        // Npgsql's reader skips statements that return no rows (SET): it starts on the function's rows.
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                found = new IngestConnectionInfo(reader.GetGuid(0), connectionId, reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3),
                    reader.GetFieldValue<byte[]>(4), reader.GetBoolean(5));
            }
        }
        await tx.CommitAsync(ct);
        return found;
    }
}
