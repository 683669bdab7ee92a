using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Tenancy;
using Omni.Tracking.Contracts;

namespace Omni.Tracking.Watches;

/// <summary>The event names other modules watch, and the <see cref="EventTracked"/> events stored events of
/// known contacts raise for them. Runs in the caller's unit of work and org.</summary>
internal sealed class EventWatches(DbSession session, RequestContext request, EventBus bus) : ITrackedEventWatch
{
    public async Task WatchAsync(string watcher, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(watcher);
        var distinct = names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToArray();
        await using var cmd = await session.CommandAsync("""
            with gone as (
              delete from tracking.event_watches where org_id = $1 and watcher = $2 and not (name = any($3)))
            insert into tracking.event_watches (org_id, name, watcher)
            select $1, n, $2 from unnest($3::text[]) n
            on conflict do nothing
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, watcher);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, distinct);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Raises <see cref="EventTracked"/> for the events among <paramref name="events"/> (all of known
    /// contacts, just stored or just attributed) whose name is watched in <paramref name="orgId"/>.</summary>
    public async Task RaiseAsync(Guid orgId, IReadOnlyList<EventTracked> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await using var cmd = await session.CommandAsync(
            "select distinct name from tracking.event_watches where org_id = $1 and name = any($2)", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, events.Select(e => e.Name).Distinct(StringComparer.Ordinal).ToArray());
        var watched = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) watched.Add(reader.GetString(0));
        }
        if (watched.Count > 0) await bus.PublishManyAsync(events.Where(e => watched.Contains(e.Name)).ToList(), ct);
    }
}
