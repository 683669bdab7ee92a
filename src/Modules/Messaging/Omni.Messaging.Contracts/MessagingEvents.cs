using Omni.Platform.Events;

namespace Omni.Messaging.Contracts;

/// <summary>A contact wrote to the org (live traffic only; ingested history raises nothing).</summary>
[IntegrationEvent("messaging.message_received")]
public sealed record MessageReceived(Guid OrgId, Guid ConversationId, Guid MessageId, Guid ContactId, Guid ChannelId, bool FirstInConversation, DateTimeOffset At) : IIntegrationEvent;
