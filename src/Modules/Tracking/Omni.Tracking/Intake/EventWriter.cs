using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Tracking.Contracts;
using Omni.Tracking.Conversions;
using Omni.Tracking.Watches;

namespace Omni.Tracking.Intake;

/// <summary>What one intake request sends to be stored: its source's events and who sent them.</summary>
internal sealed record IntakeBatch(IntakeSource Source, IReadOnlyList<IntakeEvent> Events, IPAddress? Ip, string? UserAgent, bool IsBot);

/// <summary>How many of a request's events were new, and how many were already stored (same event_id).</summary>
internal sealed record IntakeResult(int Accepted, int Duplicates);

/// <summary>Stores intake batches durably before their requests are answered, many requests per transaction:
/// concurrent calls queue their batch, and each of a few writers takes everything queued, stores it in one
/// transaction (one multi-row insert per org, the session's role and claims switched per org) and completes
/// every waiting call after the COMMIT. Under load a commit (and its fsync) is shared by many requests. One
/// writer is always on; the others join only while a backlog of events waits (large batches), so that small
/// requests still share few commits; nothing is acknowledged from memory. A failed group
/// is retried one batch at a time, so a bad batch fails only its own request. Events are idempotent on
/// (source, event_id).</summary>
internal sealed class EventWriter(IServiceScopeFactory scopes, ILogger<EventWriter> log) : IAsyncDisposable
{
    private const int MaxGroup = 256;
    private const int BacklogForHelpers = 256;
    private int _queuedEvents;
    private static readonly int Writers = Math.Clamp(Environment.ProcessorCount * 2, 2, 8);
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly Lock _writerLock = new();
    private readonly SemaphoreSlim _backlog = new(0);
    private volatile bool _closing;
    private Task[]? _writers;

    /// <summary>Queues the batch and answers once it is committed. A caller that has already given up queues
    /// nothing; one that gives up while waiting does not withdraw its events (the commit is milliseconds away, and a
    /// retry is deduplicated by event_id), so the wait itself takes no token.</summary>
    public Task<IntakeResult> StoreAsync(IntakeBatch batch, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new Pending(batch);
        if (_writers is null) lock (_writerLock) _writers ??= [.. Enumerable.Range(0, Writers).Select(i => Task.Run(() => WriteLoopAsync(helper: i > 0), CancellationToken.None))];
        var queued = Interlocked.Add(ref _queuedEvents, batch.Events.Count);
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("Event intake is shutting down.");
        if (queued >= BacklogForHelpers && _backlog.CurrentCount == 0) _backlog.Release();
        return pending.Done.Task;
    }

    private async Task WriteLoopAsync(bool helper)
    {
        var group = new List<Pending>(MaxGroup);
        while (true)
        {
            // Helpers sleep until a backlog is signalled; the primary writer drains whatever is left at shutdown.
            while (helper && Volatile.Read(ref _queuedEvents) < BacklogForHelpers)
            {
                if (_closing) return;
                await _backlog.WaitAsync();
            }
            if (!await _queue.Reader.WaitToReadAsync()) return;
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
                Interlocked.Add(ref _queuedEvents, -next.Batch.Events.Count);
            }
            if (group.Count == 0) continue;
            try
            {
                var results = await WriteAsync(group);
                for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(results[i]);
            }
            catch (Exception e) when (group.Count > 1)
            {
                log.LogWarning(e, "A group of {Count} intake batches failed to commit; writing them one by one", group.Count);
                foreach (var p in group)
                {
                    try
                    {
                        p.Done.TrySetResult((await WriteAsync([p]))[0]);
                    }
                    catch (Exception one)
                    {
                        p.Done.TrySetException(one);
                    }
                }
            }
            catch (Exception e)
            {
                group[0].Done.TrySetException(e);
            }
            group.Clear();
        }
    }

    private async Task<IntakeResult[]> WriteAsync(IReadOnlyList<Pending> group)
    {
        var ct = CancellationToken.None; // commands keep their own timeout; a group is never abandoned half-way
        var results = new IntakeResult[group.Count];
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var request = scope.ServiceProvider.GetRequiredService<RequestContext>();
        var first = true;
        foreach (var byOrg in group.Select((p, i) => (Pending: p, Index: i)).GroupBy(x => x.Pending.Batch.Source.OrgId))
        {
            var identity = SessionIdentity.System(byOrg.Key, "event-intake");
            if (first) await session.BeginDeferredAsync(identity, ct);
            else await session.SwitchAsync(identity, ct);
            first = false;
            request.ActAsSystem(byOrg.Key);

            var rows = byOrg.SelectMany(x => x.Pending.Batch.Events.Select(e => (x.Index, Row: Guid.CreateVersion7(), x.Pending.Batch, Event: e))).ToList();
            var stored = await InsertAsync(session, byOrg.Key, rows.Select(r => (r.Row, r.Batch, r.Event)).ToList(), ct);
            var tracked = rows.Where(r => stored.TryGetValue(r.Row, out var contact) && contact is not null)
                .Select(r => Tracked(byOrg.Key, stored[r.Row]!.Value, r.Batch.Source.Id, r.Event)).ToList();
            // One pass over the rows, not one per request: a group can hold 256 batches of 500 events.
            var acceptedBy = new Dictionary<int, int>();
            foreach (var r in rows)
                acceptedBy[r.Index] = acceptedBy.GetValueOrDefault(r.Index) + (stored.ContainsKey(r.Row) ? 1 : 0);
            foreach (var x in byOrg)
            {
                var accepted = acceptedBy.GetValueOrDefault(x.Index);
                results[x.Index] = new IntakeResult(accepted, x.Pending.Batch.Events.Count - accepted);
            }
            var identifies = rows.Where(r => r.Event.Traits is not null && stored.ContainsKey(r.Row)).Select(r => r.Event).ToList();
            if (identifies.Count > 0)
                tracked.AddRange(await new Identities(session, scope.ServiceProvider.GetRequiredService<IContactDirectory>(), byOrg.Key).LinkAsync(identifies, ct));
            // Events of known contacts whose name another module watches (automatic leads) are announced.
            await scope.ServiceProvider.GetRequiredService<EventWatches>().RaiseAsync(byOrg.Key, tracked, ct);
            // Events of sources with a pixel go on to the Conversions API, queued in this same transaction.
            foreach (var bySource in rows.Where(r => r.Batch.Source.PixelId is not null && stored.ContainsKey(r.Row)).GroupBy(r => r.Batch.Source.Id))
                await scope.ServiceProvider.GetRequiredService<CapiOutbox>().EnqueueAsync(bySource.Key, bySource.Select(r => r.Row).ToList(), ct);
        }
        await session.CommitAsync(ct);
        return results;
    }

    private static EventTracked Tracked(Guid orgId, Guid contactId, Guid sourceId, IntakeEvent e) =>
        new(orgId, contactId, sourceId, e.EventId, e.Name, e.OccurredAt);

    /// <summary>One statement for every event of the org in the group; returns the rows actually stored, with
    /// their contact: an event of a visitor already identified carries the contact at once. A batch, so that the
    /// session's role and claims travel with it: BEGIN, SET and INSERT are one round trip.</summary>
    private static async Task<Dictionary<Guid, Guid?>> InsertAsync(DbSession session, Guid orgId, IReadOnlyList<(Guid Row, IntakeBatch Batch, IntakeEvent Event)> rows, CancellationToken ct)
    {
        await using var batch = session.CreateBatch();
        var cmd = new NpgsqlBatchCommand("""
            insert into tracking.events (id, org_id, source_id, event_id, type, name, anonymous_id, contact_id, properties, context, url, ip, user_agent, is_bot, occurred_at)
            select t.id, $1, t.source_id, t.event_id, t.type, t.name, t.anonymous_id, i.contact_id,
                   t.properties, t.context, t.url, t.ip, t.user_agent, t.is_bot, t.occurred_at
            from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[], $10::text[], $11::inet[], $12::text[],
                        $13::bool[], $14::timestamptz[])
              as t(id, source_id, event_id, type, name, anonymous_id, properties, context, url, ip, user_agent, is_bot, occurred_at)
            left join tracking.identities i on i.org_id = $1 and i.anonymous_id = t.anonymous_id
            on conflict (source_id, event_id) do nothing
            returning id, contact_id
            """);
        batch.BatchCommands.Add(cmd);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, rows.Select(r => r.Row).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, rows.Select(r => r.Batch.Source.Id).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Event.EventId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Event.Type).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Event.Name).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => (object?)r.Event.AnonymousId ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Jsonb, rows.Select(r => r.Event.PropertiesJson).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Jsonb, rows.Select(r => r.Event.ContextJson).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => (object?)r.Event.Url ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Inet, rows.Select(r => (object?)r.Batch.Ip ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => (object?)r.Batch.UserAgent ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Boolean, rows.Select(r => r.Batch.IsBot).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, rows.Select(r => r.Event.OccurredAt.UtcDateTime).ToArray());
        var stored = new Dictionary<Guid, Guid?>();
        // Npgsql's reader skips statements that return no rows (SET): it starts on the insert's rows.
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) stored[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
        return stored;
    }

    /// <summary>Lets queued batches finish committing when the application stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _queue.Writer.TryComplete();
        _backlog.Release(Writers);
        if (_writers is not null) await Task.WhenAll(_writers);
        _backlog.Dispose();
    }

    private sealed record Pending(IntakeBatch Batch)
    {
        public TaskCompletionSource<IntakeResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
