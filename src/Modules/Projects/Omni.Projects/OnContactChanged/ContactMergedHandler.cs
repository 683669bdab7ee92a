using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Projects.Data;

namespace Omni.Projects.OnContactChanged;

/// <summary>Two contacts became one: links to the source point at the target (a task linked to both keeps
/// one link). Safe to run twice.</summary>
internal sealed class ContactMergedHandler(DbSession session) : IIntegrationEventHandler<ContactsMerged>
{
    public Task HandleAsync(ContactsMerged e, CancellationToken ct) =>
        session.ExecAsync("""
            with moved as (
              update projects.task_links l set target_id = $3
              where l.org_id = $1 and l.kind = 'contact' and l.target_id = $2
                and not exists (select 1 from projects.task_links t where t.task_id = l.task_id and t.kind = 'contact' and t.target_id = $3))
            delete from projects.task_links l
            where l.org_id = $1 and l.kind = 'contact' and l.target_id = $2
              and exists (select 1 from projects.task_links t where t.task_id = l.task_id and t.kind = 'contact' and t.target_id = $3)
            """, ct, e.OrgId, e.SourceContactId, e.TargetContactId);
}
