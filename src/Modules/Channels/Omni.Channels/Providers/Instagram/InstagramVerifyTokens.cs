using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using Omni.Channels.Contracts;
using Omni.Channels.Domain;
using Omni.Channels.Webhooks;
using Omni.Platform.Database;
using Omni.Platform.Security;

namespace Omni.Channels.Providers.Instagram;

/// <summary>Meta's handshake names no account, only a verify token: it is compared, in constant time, with the
/// verify token of every Instagram channel (a rare call: once when the webhook is set up in Meta's console).</summary>
internal sealed class InstagramVerifyTokens(NpgsqlDataSource dataSource, SecretBox box)
{
    public async Task<bool> AnyChannelHasAsync(string given, CancellationToken ct)
    {
        var candidates = new List<(Guid Id, string Sealed)>();
        await using (var session = new DbSession(dataSource))
        {
            await session.BeginAsync(new SessionIdentity(DbRole.System, """{"role":"omni_system"}"""), ct);
            await using (var cmd = session.CreateCommand("select channel_id, sealed_credentials from channels.verify_token_candidates($1)"))
            {
                cmd.Parameters.AddWithValue(NpgsqlDbType.Text, ChannelTypes.Instagram);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) candidates.Add((reader.GetGuid(0), reader.GetString(1)));
            }
            await session.CommitAsync(ct);
        }

        var matched = false;
        foreach (var (id, sealedValue) in candidates)
        {
            IReadOnlyDictionary<string, string> credentials;
            try
            {
                credentials = ChannelCredentials.Open(box, id, sealedValue);
            }
            catch (CryptographicException)
            {
                continue; // sealed under a key no longer configured: that channel cannot be verified anyway
            }
            // Every candidate is compared, so the time taken does not tell which one matched.
            if (credentials.TryGetValue(InstagramProvider.VerifyToken, out var expected) && WebhookIntake.SecretsMatch(given, expected)) matched = true;
        }
        return matched;
    }
}
