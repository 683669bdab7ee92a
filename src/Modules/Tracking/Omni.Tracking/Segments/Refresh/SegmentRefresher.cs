using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Omni.Leads.Contracts;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Tracking.Contracts;

namespace Omni.Tracking.Segments.Refresh;

/// <summary>Brings a segment's members up to date: evaluates its rules, inserts the contacts that now match and
/// deletes those that no longer do (one statement), and publishes <see cref="SegmentEntered"/> and
/// <see cref="SegmentExited"/> for each change through the outbox.</summary>
internal sealed class SegmentRefresher(DbSession session, SegmentStore segments, IContactChannels channels, ILeadDirectory leads, EventBus bus)
{
    public async Task<RefreshResponse?> RefreshAsync(Guid orgId, Guid segmentId, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var segment = await segments.GetAsync(orgId, segmentId, forUpdate: true, ct);
        if (segment is null) return null;

        var parameters = new List<NpgsqlParameter>();
        var members = SegmentSql.Members(segment.Rules, await OutsideContactsAsync(segment.Rules, ct), parameters);
        var id = "$" + (parameters.Count + 1);
        await using var cmd = await session.CommandAsync($"""
            with current_members as materialized ({members}),
            entered as (
              insert into tracking.segment_members (org_id, segment_id, contact_id)
              select $1, {id}, c.contact_id from current_members c
              where not exists (select 1 from tracking.segment_members m where m.segment_id = {id} and m.contact_id = c.contact_id)
              on conflict do nothing
              returning contact_id),
            exited as (
              delete from tracking.segment_members m
              where m.segment_id = {id} and not exists (select 1 from current_members c where c.contact_id = m.contact_id)
              returning m.contact_id),
            counted as (
              update tracking.segments set member_count = (select count(*) from current_members), refreshed_at = now()
              where id = {id} returning member_count)
            select true, contact_id, (select member_count from counted) from entered
            union all select false, contact_id, (select member_count from counted) from exited
            union all select null, null, (select member_count from counted)
            """, ct);
        parameters[0].Value = orgId;
        cmd.Parameters.AddRange(parameters.ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, segmentId);

        var entered = new List<Guid>();
        var exited = new List<Guid>();
        var count = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                count = reader.GetInt32(2);
                if (reader.IsDBNull(0)) continue;
                (reader.GetBoolean(0) ? entered : exited).Add(reader.GetGuid(1));
            }
        }

        var at = DbClock.Now;
        await bus.PublishManyAsync(entered.Select(c => new SegmentEntered(orgId, segmentId, c, at)).ToList(), ct);
        await bus.PublishManyAsync(exited.Select(c => new SegmentExited(orgId, segmentId, c, at)).ToList(), ct);
        return new RefreshResponse(segmentId, entered.Count, exited.Count, count, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The contacts of each condition on another module's data, from that module's contract: channel
    /// types from Messaging, lead stages from Leads.</summary>
    private async Task<Dictionary<string, Guid[]>> OutsideContactsAsync(SegmentRules rules, CancellationToken ct)
    {
        var result = new Dictionary<string, Guid[]>(StringComparer.Ordinal);
        foreach (var c in rules.Conditions.Where(c => c.OutsideKey is not null).DistinctBy(c => c.OutsideKey))
        {
            result[c.OutsideKey!] = c.Type == SegmentConditionTypes.Channel
                ? [.. await channels.ContactsWithConversationOnAsync(c.ChannelType!, ct)]
                : [.. await leads.ContactsWithLeadInStageAsync(c.StageId!.Value, ct)];
        }
        return result;
    }
}
