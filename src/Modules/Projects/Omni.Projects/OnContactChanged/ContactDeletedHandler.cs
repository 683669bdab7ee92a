using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Projects.Data;

namespace Omni.Projects.OnContactChanged;

/// <summary>A deleted contact's task links go with it (the tasks stay). Safe to run twice.</summary>
internal sealed class ContactDeletedHandler(DbSession session) : IIntegrationEventHandler<ContactDeleted>
{
    public Task HandleAsync(ContactDeleted e, CancellationToken ct) =>
        session.ExecAsync("delete from projects.task_links where org_id = $1 and kind = 'contact' and target_id = $2", ct, e.OrgId, e.ContactId);
}
