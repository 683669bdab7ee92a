namespace Omni.Messaging.Domain;

internal sealed class ContactInbox
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid ContactId { get; set; }
    public Guid ChannelId { get; set; }
    public string SourceId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class Conversation
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid ChannelId { get; set; }
    public Guid ContactId { get; set; }
    public Guid ContactInboxId { get; set; }
    /// <summary>The contact's name as Contacts last told us (see the contacts event handlers).</summary>
    public string? ContactName { get; set; }
    public string? ChannelType { get; set; }
    public string? ExternalId { get; set; }
    public string Status { get; set; } = ConversationStatuses.Open;
    public DateTimeOffset? SnoozedUntil { get; set; }
    public string Priority { get; set; } = "none";
    public Guid? AssigneeId { get; set; }
    public string[] Labels { get; set; } = [];
    public DateTimeOffset? LastMessageAt { get; set; }
    public string? LastMessagePreview { get; set; }
    public DateTimeOffset? LastInboundAt { get; set; }
    public int UnreadCount { get; set; }
    public DateTimeOffset? ContactLastSeenAt { get; set; }
    public DateTimeOffset? AgentLastSeenAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class ConversationStatuses
{
    public const string Open = "open";
    public const string Pending = "pending";
    public const string Resolved = "resolved";
    public const string Snoozed = "snoozed";

    public static readonly IReadOnlyList<string> All = [Open, Pending, Resolved, Snoozed];
}

internal sealed class Message
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid ConversationId { get; set; }
    public Guid ChannelId { get; set; }
    public string Direction { get; set; } = "";
    public string Type { get; set; } = "text";
    public string? Content { get; set; }
    /// <summary>jsonb object: template, interactive payload, location, reply context.</summary>
    public string ContentAttributes { get; set; } = "{}";
    public string SenderType { get; set; } = "";
    public Guid? SenderId { get; set; }
    public bool Private { get; set; }
    public string? ExternalId { get; set; }
    public string Status { get; set; } = "sent";
    public string? ErrorCode { get; set; }
    public string? ErrorText { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public bool Imported { get; set; }
    /// <summary>json array of the message's attachments as the API shows them, kept by a trigger.</summary>
    public string AttachmentList { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class Attachment
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid MessageId { get; set; }
    public string Kind { get; set; } = "";
    public string? MimeType { get; set; }
    public string? FileName { get; set; }
    public long? SizeBytes { get; set; }
    public string? StorageKey { get; set; }
    public string? SourceRef { get; set; }
    public string Status { get; set; } = "pending";
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class IngestConnection
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string ConnectionId { get; set; } = "";
    public string Platform { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid ChannelId { get; set; }
    public byte[] ApiSecretHash { get; set; } = [];
    public string ApiSecretPrefix { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
