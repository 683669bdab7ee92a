namespace Omni.Messaging.Contracts;

/// <summary>When a contact last wrote to the org through a channel: the customer-service window
/// (WhatsApp, Instagram) opens from there.</summary>
public interface IConversationWindows
{
    Task<DateTimeOffset?> LastInboundAtAsync(Guid channelId, Guid contactId, CancellationToken ct);
}
