namespace Omni.Messaging.Contracts;

/// <summary>One of a contact's messages as <see cref="IContactMessages"/> returns it.</summary>
public sealed record ContactMessage(Guid Id, Guid ConversationId, Guid ChannelId, string? ChannelType, string Direction, string Type,
    string? Content, string SenderType, bool Private, DateTimeOffset SentAt);
