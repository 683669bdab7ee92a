using Omni.Platform.Events;

namespace Omni.Messaging.Contracts;

/// <summary>A contact wrote to the org (live traffic only; ingested history raises nothing).</summary>
[IntegrationEvent("messaging.message_received")]
public sealed record MessageReceived(Guid OrgId, Guid ConversationId, Guid MessageId, Guid ContactId, Guid ChannelId, bool FirstInConversation, DateTimeOffset At) : IIntegrationEvent;

/// <summary>A contact's message opened a new conversation (live traffic only). Raised once per conversation, so
/// that what reacts only to new conversations (automatic leads) is not handed every message.</summary>
[IntegrationEvent("messaging.conversation_started")]
public sealed record ConversationStarted(Guid OrgId, Guid ConversationId, Guid MessageId, Guid ContactId, Guid ChannelId, DateTimeOffset At) : IIntegrationEvent;
