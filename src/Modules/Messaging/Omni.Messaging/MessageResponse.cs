using Omni.Messaging.Domain;
using Omni.Platform.Http;

namespace Omni.Messaging;

/// <summary>An attachment as the API shows it. <c>url</c>: our download route once the bytes are stored,
/// the original URL for a linked one (sent by URL), null while pending or failed. Built in SQL
/// (<c>messaging.attachment_list_of</c>), which keeps the same shape.</summary>
internal sealed record AttachmentResponse(Guid Id, string Kind, string? MimeType, string? FileName, long? SizeBytes, string Status, string? Error, string? Url);

internal sealed record MessageResponse(
    Guid Id,
    Guid ConversationId,
    Guid ChannelId,
    string Direction,
    string Type,
    string? Content,
    RawJson<Dictionary<string, object>> ContentAttributes,
    string SenderType,
    Guid? SenderId,
    bool Private,
    string? ExternalId,
    string Status,
    string? ErrorCode,
    string? ErrorText,
    bool Imported,
    DateTimeOffset SentAt,
    DateTimeOffset CreatedAt,
    RawJson<IReadOnlyList<AttachmentResponse>> Attachments)
{
    /// <summary>From a message as read from the database: its attachments come with the row.</summary>
    public static MessageResponse From(Message m) => new(
        m.Id, m.ConversationId, m.ChannelId, m.Direction, m.Type, m.Content, new RawJson<Dictionary<string, object>>(m.ContentAttributes),
        m.SenderType, m.SenderId, m.Private, m.ExternalId, m.Status, m.ErrorCode, m.ErrorText, m.Imported, m.SentAt, m.CreatedAt,
        new RawJson<IReadOnlyList<AttachmentResponse>>(m.AttachmentList));
}

/// <summary>A conversation as the inbox shows it. <c>contact_name</c> is Messaging's copy of the contact's
/// name (it follows renames and merges within seconds); <c>channel_type</c> is the channel's platform.
/// A snoozed conversation whose <c>snoozed_until</c> has passed reads as <c>open</c>.</summary>
internal sealed record ConversationResponse(
    Guid Id,
    Guid ChannelId,
    string? ChannelType,
    Guid ContactId,
    string? ContactName,
    string? ExternalId,
    string Status,
    DateTimeOffset? SnoozedUntil,
    string Priority,
    Guid? AssigneeId,
    IReadOnlyList<string> Labels,
    DateTimeOffset? LastMessageAt,
    string? LastMessagePreview,
    DateTimeOffset? LastInboundAt,
    int UnreadCount,
    DateTimeOffset? ContactLastSeenAt,
    DateTimeOffset? AgentLastSeenAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ConversationResponse From(Conversation c) => new(
        c.Id, c.ChannelId, c.ChannelType, c.ContactId, c.ContactName, c.ExternalId, c.Status, c.SnoozedUntil, c.Priority, c.AssigneeId, c.Labels,
        c.LastMessageAt, c.LastMessagePreview, c.LastInboundAt, c.UnreadCount, c.ContactLastSeenAt, c.AgentLastSeenAt, c.CreatedAt, c.UpdatedAt);
}
