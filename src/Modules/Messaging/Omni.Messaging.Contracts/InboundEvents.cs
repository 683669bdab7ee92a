using System.Text.Json;

namespace Omni.Messaging.Contracts;

/// <summary>What one webhook delivered, once a channel provider has read its platform's format.</summary>
public sealed record InboundBatch(Guid ChannelId, IReadOnlyList<InboundMessage> Messages, IReadOnlyList<InboundStatus> Statuses);

/// <summary>A message a contact sent (or, for echoes, one sent from the platform's own app).
/// <see cref="SenderId"/> is the contact's id on the platform (wa_id, Telegram chat id, IGSID);
/// <see cref="SenderIdentifierType"/> and <see cref="SenderIdentifierValue"/> are how Contacts knows it.</summary>
public sealed record InboundMessage(
    string ExternalId,
    string SenderId,
    string SenderIdentifierType,
    string SenderIdentifierValue,
    string? SenderName,
    string Type,
    string? Text,
    InboundMedia? Media,
    JsonElement? Attributes,
    string? ReplyToExternalId,
    DateTimeOffset SentAt);

/// <summary>Media announced by the platform; the bytes are fetched later by <see cref="MediaRef"/>.</summary>
public sealed record InboundMedia(string Kind, string MediaRef, string? MimeType, string? FileName, string? Caption);

/// <summary>A delivery receipt for a message we sent: <c>sent</c>, <c>delivered</c>, <c>read</c> or <c>failed</c>.</summary>
public sealed record InboundStatus(string ExternalId, string Status, DateTimeOffset At, string? ErrorCode, string? ErrorText);

/// <summary>Messaging's contract for Channels: store what a webhook delivered, in the caller's unit of
/// work. Idempotent: a replayed message is stored once, and a status never moves backwards.</summary>
public interface IInboundSink
{
    Task ReceiveAsync(InboundBatch batch, CancellationToken ct);
}
