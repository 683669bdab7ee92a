using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;

namespace Omni.Tracking.OnContactChanged;

/// <summary>Two contacts became one: the source's tracked history, visitor links, segment memberships and
/// score move to the target (where the target already has a membership or a score, the target's stays).
/// Safe to run twice.</summary>
internal sealed class ContactMergedHandler(DbSession session) : IIntegrationEventHandler<ContactsMerged>
{
    public async Task HandleAsync(ContactsMerged e, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            with events as (update tracking.events set contact_id = $2 where contact_id = $1),
                 links as (update tracking.identities set contact_id = $2, updated_at = now() where org_id = $3 and contact_id = $1),
                 members as (
                   update tracking.segment_members m set contact_id = $2
                   where m.org_id = $3 and m.contact_id = $1
                     and not exists (select 1 from tracking.segment_members t where t.segment_id = m.segment_id and t.contact_id = $2)),
                 dropped_members as (
                   delete from tracking.segment_members m
                   where m.org_id = $3 and m.contact_id = $1
                     and exists (select 1 from tracking.segment_members t where t.segment_id = m.segment_id and t.contact_id = $2))
            delete from tracking.contact_scores where org_id = $3 and contact_id = $1
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, e.SourceContactId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, e.TargetContactId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, e.OrgId);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
