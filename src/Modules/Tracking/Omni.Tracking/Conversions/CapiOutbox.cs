using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Jobs;

namespace Omni.Tracking.Conversions;

/// <summary>Queues events for the Conversions API in the caller's transaction (the outbox): a delivery row
/// per event and one forwarding job per batch of up to 1000 (Meta's limit per request), so the events and
/// their way out commit together or not at all.</summary>
internal sealed class CapiOutbox(DbSession session, JobQueue jobs)
{
    public const int BatchSize = 1000;

    /// <summary>Queues the tracked events <paramref name="eventRowIds"/> (ids of <c>tracking.events</c> rows of
    /// <paramref name="sourceId"/>, stored in this transaction or before). Does nothing for a source without a
    /// pixel and token, or inactive; skips identify calls (not actions) and bot traffic, and events already
    /// queued.</summary>
    public async Task EnqueueAsync(Guid sourceId, IReadOnlyList<Guid> eventRowIds, CancellationToken ct)
    {
        if (eventRowIds.Count == 0) return;
        var candidates = new List<(Guid RowId, string EventId, string Name)>();
        await using (var select = await session.CommandAsync("""
            select e.id, e.event_id, e.type, e.name
            from tracking.events e join tracking.sources s on s.id = e.source_id
            where e.id = any($1) and e.source_id = $2 and e.type <> 'identify' and not e.is_bot
              and s.is_active and s.pixel_id is not null and s.sealed_capi_token is not null
            order by e.occurred_at, e.id
            """, ct))
        {
            select.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, eventRowIds.Distinct().ToArray());
            select.Parameters.AddWithValue(NpgsqlDbType.Uuid, sourceId);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                candidates.Add((reader.GetGuid(0), reader.GetString(1), MetaEventNames.Of(reader.GetString(2), reader.GetString(3))));
        }
        if (candidates.Count == 0) return;

        await using var insert = await session.CommandAsync("""
            insert into tracking.capi_deliveries (id, org_id, source_id, event_row_id, event_id, event_name)
            select t.id, s.org_id, s.id, t.event_row_id, t.event_id, t.event_name
            from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) as t(id, event_row_id, event_id, event_name)
            join tracking.sources s on s.id = $5
            on conflict do nothing
            returning id
            """, ct);
        insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, candidates.Select(_ => Guid.CreateVersion7()).ToArray());
        insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, candidates.Select(c => c.RowId).ToArray());
        insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, candidates.Select(c => c.EventId).ToArray());
        insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, candidates.Select(c => c.Name).ToArray());
        insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, sourceId);
        var queued = new List<Guid>();
        await using (var reader = await insert.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) queued.Add(reader.GetGuid(0));
        await ForwardAsync(sourceId, queued, ct);
    }

    /// <summary>Queues a server-side conversion (built in full, user data hashed) for each of
    /// <paramref name="sourceIds"/>; one already queued under the same name and event id is left as it is.</summary>
    public async Task EnqueueConversionAsync(IReadOnlyList<Guid> sourceIds, string eventId, string eventName, string payload, CancellationToken ct)
    {
        foreach (var sourceId in sourceIds)
        {
            Guid? id = null;
            await using (var insert = await session.CommandAsync("""
                insert into tracking.capi_deliveries (id, org_id, source_id, event_id, event_name, payload)
                select $1, s.org_id, s.id, $3, $4, $5::jsonb from tracking.sources s where s.id = $2
                on conflict do nothing
                returning id
                """, ct))
            {
                insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
                insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, sourceId);
                insert.Parameters.AddWithValue(NpgsqlDbType.Text, eventId);
                insert.Parameters.AddWithValue(NpgsqlDbType.Text, eventName);
                insert.Parameters.AddWithValue(NpgsqlDbType.Text, payload);
                if (await insert.ExecuteScalarAsync(ct) is Guid g) id = g;
            }
            if (id is { } queued) await ForwardAsync(sourceId, [queued], ct);
        }
    }

    private async Task ForwardAsync(Guid sourceId, IReadOnlyList<Guid> deliveryIds, CancellationToken ct)
    {
        if (deliveryIds.Count == 0) return;
        var payloads = deliveryIds.Chunk(BatchSize).Select(ids => (object)new CapiForwardPayload(sourceId, ids)).ToList();
        await jobs.EnqueueManyAsync(CapiForwardJob.Type, payloads, ct);
    }
}
