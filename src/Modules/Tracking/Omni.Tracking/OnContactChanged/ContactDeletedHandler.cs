using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;

namespace Omni.Tracking.OnContactChanged;

/// <summary>A deleted contact takes their tracked history with them: their events (and the events of the
/// visitors linked to them), the links, segment memberships and score. Safe to run twice.</summary>
internal sealed class ContactDeletedHandler(DbSession session) : IIntegrationEventHandler<ContactDeleted>
{
    public async Task HandleAsync(ContactDeleted e, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            with links as (delete from tracking.identities where org_id = $2 and contact_id = $1 returning anonymous_id),
                 visitors as (delete from tracking.events where org_id = $2 and anonymous_id in (select anonymous_id from links)),
                 members as (delete from tracking.segment_members where org_id = $2 and contact_id = $1),
                 scores as (delete from tracking.contact_scores where org_id = $2 and contact_id = $1)
            delete from tracking.events where org_id = $2 and contact_id = $1
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, e.ContactId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, e.OrgId);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
