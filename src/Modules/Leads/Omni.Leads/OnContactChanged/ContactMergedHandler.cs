using Omni.Contacts.Contracts;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Platform.Events;

namespace Omni.Leads.OnContactChanged;

/// <summary>Two contacts became one: the source's leads now belong to the target. Safe to run twice.</summary>
internal sealed class ContactMergedHandler(LeadStore leads, ActivityLog activities) : IIntegrationEventHandler<ContactsMerged>
{
    public async Task HandleAsync(ContactsMerged e, CancellationToken ct)
    {
        var moved = await leads.ReplaceContactAsync(e.SourceContactId, e.TargetContactId, ct);
        await activities.RecordManyAsync(moved, ActivityTypes.ContactMerged, _ => new { from_contact_id = e.SourceContactId, to_contact_id = e.TargetContactId }, ct);
    }
}
