using Omni.Channels.Contracts;
using Omni.Messaging.Contracts;

namespace Omni.Channels.Providers.Builtin;

/// <summary>Signal and WeChat: their history arrives through the messaging-ingest contract only.</summary>
internal sealed class ReceiveOnlyProvider(string type) : IChannelProvider
{
    public string Type { get; } = type;

    public ChannelCapabilities Capabilities => Gateway.ChannelGateway.ReceiveOnly;

    public IReadOnlyList<string> RequiredCredentials { get; } = [];

    public string? ExternalIdFrom(IReadOnlyDictionary<string, string> credentials) => null;

    public IReadOnlyDictionary<string, string> PublicSettings(IReadOnlyDictionary<string, string> credentials) => new Dictionary<string, string>();

    public Task<IReadOnlyDictionary<string, string>> ConnectAsync(ChannelContext channel, Uri? webhookUrl, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public Task<SendOutcome> SendAsync(ChannelContext channel, OutboundMessage message, CancellationToken ct) =>
        Task.FromResult(new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: "channel_cannot_send", ErrorText: $"{Type} channels only receive ingested history."));

    public Task<MediaContent> DownloadMediaAsync(ChannelContext channel, string mediaRef, long maxBytes, CancellationToken ct) =>
        throw new MediaFetchException("unsupported", $"{Type} media is not fetched.");

    public InboundBatch Parse(ChannelContext channel, string body) =>
        throw new FormatException($"{Type} channels have no webhooks.");
}
