namespace Omni.Channels.Contracts;

/// <summary>A message to send through a channel. <see cref="RecipientId"/> is the contact's id on the
/// platform (WhatsApp number, Telegram chat id, Instagram-scoped id).</summary>
public sealed record OutboundMessage(
    Guid MessageId,
    string RecipientId,
    string Type,
    string? Text,
    OutboundMedia? Media,
    OutboundTemplate? Template,
    string? ReplyToExternalId);

/// <summary>Media given by public URL (the platform fetches it) or as bytes we hold.</summary>
public sealed record OutboundMedia(string Kind, string? Url, ReadOnlyMemory<byte>? Content, string? MimeType, string? FileName, string? Caption);

/// <summary>A WhatsApp template: its name, language and the components' parameters as the Cloud API takes them.</summary>
public sealed record OutboundTemplate(string Name, string Language, System.Text.Json.JsonElement? Components);

/// <summary>What became of a send. Only <see cref="SendOutcomeKind.Sent"/> carries the platform's id.</summary>
public sealed record SendOutcome(SendOutcomeKind Kind, string? ExternalId = null, TimeSpan? RetryAfter = null, string? ErrorCode = null, string? ErrorText = null)
{
    public static SendOutcome Sent(string externalId) => new(SendOutcomeKind.Sent, externalId);
}

public enum SendOutcomeKind
{
    /// <summary>Accepted by the platform.</summary>
    Sent,
    /// <summary>Throttled: try again after <see cref="SendOutcome.RetryAfter"/> (or with backoff when null).</summary>
    RateLimited,
    /// <summary>The platform is down or answered 5xx: try again later.</summary>
    Unavailable,
    /// <summary>Free-form message outside the customer-service window: only a template can go.</summary>
    WindowClosed,
    /// <summary>The channel's token or secret was refused: the channel needs attention.</summary>
    CredentialsRejected,
    /// <summary>The platform refused this message for good (bad recipient, unsupported content, blocked).</summary>
    Rejected,
}
