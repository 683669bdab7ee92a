using Omni.Contacts.Contracts;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Platform.Events;

namespace Omni.Leads.OnContactChanged;

/// <summary>A deleted contact's leads live on without a contact. Safe to run twice.</summary>
internal sealed class ContactDeletedHandler(LeadStore leads, ActivityLog activities) : IIntegrationEventHandler<ContactDeleted>
{
    public async Task HandleAsync(ContactDeleted e, CancellationToken ct)
    {
        var changed = await leads.ReplaceContactAsync(e.ContactId, null, ct);
        await activities.RecordManyAsync(changed, ActivityTypes.ContactDeleted, _ => new { contact_id = e.ContactId }, ct);
    }
}
