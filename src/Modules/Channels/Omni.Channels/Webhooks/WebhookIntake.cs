using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Omni.Channels.Domain;
using Omni.Platform.Database;
using Omni.Platform.Jobs;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;

namespace Omni.Channels.Webhooks;

/// <summary>A webhook's channel, found before the org is known, with the credentials to verify it by.</summary>
internal sealed record RoutedChannel(Guid ChannelId, Guid OrgId, IReadOnlyDictionary<string, string> Credentials);

/// <summary>The shared part of every platform's webhook endpoint: find the channel a webhook is for, and
/// record the verified body durably (with the job that will process it) before answering 200.</summary>
internal sealed class WebhookIntake(NpgsqlDataSource dataSource, SecretBox box, IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string ProcessJob = "channels.webhook";
    private static readonly TimeSpan RouteLifetime = TimeSpan.FromSeconds(30);

    // Routing plus the opened credentials, kept briefly: a busy number sends many webhooks a second.
    private readonly ConcurrentDictionary<(string, string), (RoutedChannel? Channel, DateTimeOffset Until)> _routes = new();

    public Task<RoutedChannel?> RouteAsync(string type, string externalId, CancellationToken ct) =>
        CachedAsync((type, externalId), "select channel_id, org_id, sealed_credentials from channels.route_webhook($1, $2)", externalId, ct);

    public Task<RoutedChannel?> RouteByIdAsync(string type, Guid channelId, CancellationToken ct) =>
        CachedAsync((type, channelId.ToString()), "select channel_id, org_id, sealed_credentials from channels.route_webhook_by_id($1, $2)", channelId, ct);

    /// <summary>Forgets cached routes after a channel's credentials or status changed.</summary>
    public void Forget() => _routes.Clear();

    private async Task<RoutedChannel?> CachedAsync((string Type, string Key) key, string sql, object routeValue, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_routes.TryGetValue(key, out var cached) && cached.Until > now) return cached.Channel;

        await using var session = new DbSession(dataSource);
        await session.BeginAsync(new SessionIdentity(DbRole.System, """{"role":"omni_system"}"""), ct);
        RoutedChannel? channel = null;
        await using (var cmd = session.CreateCommand(sql))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, key.Type);
            cmd.Parameters.Add(new NpgsqlParameter { Value = routeValue });
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                var id = reader.GetGuid(0);
                channel = new RoutedChannel(id, reader.GetGuid(1), ChannelCredentials.Open(box, id, reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }
        await session.CommitAsync(ct);
        if (_routes.Count > 10_000) _routes.Clear();
        _routes[key] = (channel, now + RouteLifetime);
        return channel;
    }

    /// <summary>Stores the body and queues its processing in one transaction, as the system for the
    /// channel's org. When this returns, the webhook survives a crash.</summary>
    public async Task<Guid> RecordAsync(RoutedChannel channel, string platform, string body, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        scope.ServiceProvider.GetRequiredService<RequestContext>().ActAsSystem(channel.OrgId);
        await session.BeginDeferredAsync(SessionIdentity.System(channel.OrgId, $"webhook:{platform}"), ct);

        var id = Guid.CreateVersion7();
        await using (var insert = await session.CommandAsync(
            "insert into channels.webhook_events (id, org_id, channel_id, platform, body) values ($1, $2, $3, $4, $5)", ct))
        {
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, channel.OrgId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, channel.ChannelId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Text, platform);
            insert.Parameters.AddWithValue(NpgsqlDbType.Text, body);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueAsync(ProcessJob, new ProcessWebhookPayload(id), ct: ct);
        await session.CommitAsync(ct);
        return id;
    }

    /// <summary>Meta's <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>: HMAC-SHA256 of the raw body with the app
    /// secret, compared in constant time.</summary>
    public static bool HasValidMetaSignature(string? header, byte[] rawBody, string appSecret)
    {
        if (header is null || !header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try { given = Convert.FromHexString(header.AsSpan(7)); }
        catch (FormatException) { return false; }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), rawBody);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Constant-time comparison of a shared secret (verify tokens, Telegram's secret token).</summary>
    public static bool SecretsMatch(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}

internal sealed record ProcessWebhookPayload(Guid EventId);
