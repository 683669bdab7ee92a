using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
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
internal sealed class WebhookIntake(NpgsqlDataSource dataSource, SecretBox box, IServiceScopeFactory scopes, TimeProvider clock, ILogger<WebhookIntake> log) : IAsyncDisposable
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

    /// <summary>Whether <paramref name="given"/> is the <paramref name="credential"/> of some channel of the type
    /// (the handshake of Meta's webhooks names no account, only the verify token). Every channel's value is
    /// compared, each in constant time.</summary>
    public async Task<bool> MatchesAnyCredentialAsync(string type, string credential, string? given, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(given)) return false;
        await using var session = new DbSession(dataSource);
        await session.BeginAsync(new SessionIdentity(DbRole.System, """{"role":"omni_system"}"""), ct);
        var match = false;
        await using (var cmd = session.CreateCommand("select channel_id, sealed_credentials from channels.webhook_verifiers($1)"))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, type);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var credentials = ChannelCredentials.Open(box, reader.GetGuid(0), reader.GetString(1));
                match |= credentials.TryGetValue(credential, out var expected) && SecretsMatch(given, expected);
            }
        }
        await session.CommitAsync(ct);
        return match;
    }

    /// <summary>Stores the body and queues its processing, as the system for the channel's org. When this
    /// returns, the webhook is committed and survives a crash (answer the platform only then).</summary>
    /// <remarks>Group commit: concurrent calls queue their webhook, and one writer stores whatever has queued
    /// in a single transaction (a multi-row insert per org into webhook_events and omni.jobs) and completes
    /// every waiting call once that transaction committed. Under load a commit (and its fsync) is shared by many
    /// webhooks; alone, a webhook waits for one transaction as before. If a batch fails, its webhooks are
    /// written one by one, so one bad record only fails its own call.</remarks>
    public async Task<Guid> RecordAsync(RoutedChannel channel, string platform, string body, CancellationToken ct)
    {
        var pending = new PendingWebhook(Guid.CreateVersion7(), channel, platform, body);
        EnsureWriter();
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("Webhook intake is shutting down.");
        // A caller that gives up (client gone) does not withdraw the webhook: it may still be committed, and the
        // platform's redelivery is deduplicated when processed.
        await pending.Committed.Task.WaitAsync(ct);
        return pending.Id;
    }

    private const int MaxBatch = 256;
    private readonly System.Threading.Channels.Channel<PendingWebhook> _queue = System.Threading.Channels.Channel.CreateUnbounded<PendingWebhook>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _writerLock = new();
    private Task? _writer;

    private void EnsureWriter()
    {
        if (_writer is not null) return;
        lock (_writerLock) _writer ??= Task.Run(WriteLoopAsync);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWebhook>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await WriteAsync(batch);
                foreach (var p in batch) p.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                if (batch.Count == 1)
                {
                    batch[0].Committed.TrySetException(e);
                }
                else
                {
                    log.LogWarning(e, "A batch of {Count} webhooks failed to commit; writing them one by one", batch.Count);
                    foreach (var p in batch)
                    {
                        try
                        {
                            await WriteAsync([p]);
                            p.Committed.TrySetResult();
                        }
                        catch (Exception one)
                        {
                            p.Committed.TrySetException(one);
                        }
                    }
                }
            }
            batch.Clear();
        }
    }

    private async Task WriteAsync(IReadOnlyList<PendingWebhook> batch)
    {
        var ct = CancellationToken.None; // commands keep their own timeout; a batch is never abandoned half-way
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var request = scope.ServiceProvider.GetRequiredService<RequestContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var first = true;
        foreach (var byOrg in batch.GroupBy(p => p.Channel.OrgId))
        {
            var identity = SessionIdentity.System(byOrg.Key, "webhook-intake");
            if (first) await session.BeginDeferredAsync(identity, ct);
            else await session.SwitchAsync(identity, ct);
            first = false;
            request.ActAsSystem(byOrg.Key);

            var rows = byOrg.ToList();
            await using (var insert = await session.CommandAsync("""
                insert into channels.webhook_events (id, org_id, channel_id, platform, body)
                select t.id, $2, t.channel_id, t.platform, t.body from unnest($1::uuid[], $3::uuid[], $4::text[], $5::text[]) as t(id, channel_id, platform, body)
                """, ct))
            {
                insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, rows.Select(r => r.Id).ToArray());
                insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, byOrg.Key);
                insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, rows.Select(r => r.Channel.ChannelId).ToArray());
                insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Platform).ToArray());
                insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Body).ToArray());
                await insert.ExecuteNonQueryAsync(ct);
            }
            await jobs.EnqueueManyAsync(ProcessJob, rows.Select(r => (object)new ProcessWebhookPayload(r.Id)).ToList(), ct);
        }
        await session.CommitAsync(ct);
    }

    /// <summary>Lets queued webhooks finish committing when the application stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null) await _writer;
    }

    private sealed record PendingWebhook(Guid Id, RoutedChannel Channel, string Platform, string Body)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
