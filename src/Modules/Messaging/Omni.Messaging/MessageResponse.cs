using Omni.Messaging.Domain;
using Omni.Platform.Http;

namespace Omni.Messaging;

internal sealed record AttachmentResponse(Guid Id, string Kind, string? MimeType, string? FileName, long? SizeBytes, string Status, string? Error, string? Url)
{
    public static AttachmentResponse From(Attachment a) => new(
        a.Id, a.Kind, a.MimeType, a.FileName, a.SizeBytes, a.Status, a.Error,
        a.Status == "stored" ? $"/api/v1/attachments/{a.Id}/content" : a.Status == "linked" ? a.SourceRef : null);
}

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
    IReadOnlyList<AttachmentResponse> Attachments)
{
    public static MessageResponse From(Message m, IEnumerable<Attachment> attachments) => new(
        m.Id, m.ConversationId, m.ChannelId, m.Direction, m.Type, m.Content, new RawJson<Dictionary<string, object>>(m.ContentAttributes),
        m.SenderType, m.SenderId, m.Private, m.ExternalId, m.Status, m.ErrorCode, m.ErrorText, m.Imported, m.SentAt, m.CreatedAt,
        attachments.Select(AttachmentResponse.From).ToList());
}

internal sealed record ConversationResponse(
    Guid Id,
    Guid ChannelId,
    Guid ContactId,
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
        c.Id, c.ChannelId, c.ContactId, c.ExternalId, c.Status, c.SnoozedUntil, c.Priority, c.AssigneeId, c.Labels,
        c.LastMessageAt, c.LastMessagePreview, c.LastInboundAt, c.UnreadCount, c.ContactLastSeenAt, c.AgentLastSeenAt, c.CreatedAt, c.UpdatedAt);
}
