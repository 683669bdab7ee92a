using Omni.Contacts.Contracts;
using Omni.Platform.Events;

namespace Omni.Messaging.Inbox.OnContactChanged;

/// <summary>Keeps the contact's name on its conversations (the inbox list and its search read it there).
/// The name is read from the directory, not the event: events may come late or out of order.</summary>
internal sealed class ContactUpdatedHandler(ContactNames names) : IIntegrationEventHandler<ContactUpdated>
{
    public Task HandleAsync(ContactUpdated e, CancellationToken ct) => names.RefreshAsync(e.ContactId, ct);
}
