using Omni.Channels.Contracts;
using Omni.Messaging.Contracts;

namespace Omni.Channels.Providers;

/// <summary>One messaging platform (WhatsApp Cloud, Telegram Bot, Instagram, ...): how its channels are
/// connected, what they can send, how a message goes out, how its webhooks read and how media comes in.
/// Outbound sending, webhook recording and inbox writes are shared; a provider only speaks its platform.</summary>
internal interface IChannelProvider
{
    string Type { get; }

    ChannelCapabilities Capabilities { get; }

    /// <summary>Credential fields a channel of this type must be given (all secret, stored sealed).</summary>
    IReadOnlyList<string> RequiredCredentials { get; }

    /// <summary>What the platform's webhooks are routed by (e.g. WhatsApp's phone_number_id); null when
    /// the webhook URL names the channel itself (Telegram).</summary>
    string? ExternalIdFrom(IReadOnlyDictionary<string, string> credentials);

    /// <summary>Settings safe to show (ids, not secrets).</summary>
    IReadOnlyDictionary<string, string> PublicSettings(IReadOnlyDictionary<string, string> credentials);

    /// <summary>Secrets the provider makes for itself before connecting, given the credentials so far
    /// (Telegram's webhook secret token, made once and kept). They are sealed with the credentials, reach
    /// <see cref="ConnectAsync"/> among them, and are never shown: name them with
    /// <see cref="Domain.ChannelCredentials.GeneratedPrefix"/>. Most providers make none.</summary>
    IReadOnlyDictionary<string, string> GenerateSecrets(IReadOnlyDictionary<string, string> credentials) => new Dictionary<string, string>();

    /// <summary>Checks the credentials with the platform and registers what it needs (Telegram's webhook).
    /// Returns settings learned on the way (e.g. the bot's username).</summary>
    /// <exception cref="ChannelConnectException">The platform refused or could not be reached.</exception>
    Task<IReadOnlyDictionary<string, string>> ConnectAsync(ChannelContext channel, Uri? webhookUrl, CancellationToken ct);

    /// <summary>Undoes at the platform what <see cref="ConnectAsync"/> registered (Telegram's webhook), as the
    /// channel is disconnected. Best effort: the platform may be unreachable or the token already revoked;
    /// returns why it failed (logged), or null.</summary>
    Task<string?> DisconnectAsync(ChannelContext channel, CancellationToken ct) => Task.FromResult<string?>(null);

    Task<SendOutcome> SendAsync(ChannelContext channel, OutboundMessage message, CancellationToken ct);

    /// <exception cref="MediaFetchException">The platform failed, or the media is too large.</exception>
    Task<MediaContent> DownloadMediaAsync(ChannelContext channel, string mediaRef, long maxBytes, CancellationToken ct);

    /// <summary>Reads one recorded webhook body into messages and statuses.</summary>
    /// <exception cref="FormatException">The body is not the platform's format.</exception>
    InboundBatch Parse(ChannelContext channel, string body);
}

/// <summary>Connecting a channel failed. <see cref="CredentialsRejected"/> when the platform said the
/// credentials are wrong (the request is refused); otherwise the platform could not be reached (the channel
/// is kept, in error, and can be reconnected).</summary>
internal sealed class ChannelConnectException(bool credentialsRejected, string message) : Exception(message)
{
    public bool CredentialsRejected { get; } = credentialsRejected;
}
