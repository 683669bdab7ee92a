using Omni.Channels.Contracts;
using Omni.Messaging.Contracts;

namespace Omni.Channels.Providers.Builtin;

/// <summary>The website chat. There is no platform between us and the visitor: a message "sent" here is
/// stored for the widget to pick up, so sending always succeeds with our own id.</summary>
internal sealed class WebWidgetProvider : IChannelProvider
{
    public string Type => ChannelTypes.WebWidget;

    public ChannelCapabilities Capabilities { get; } = new(
        true, ["text", "image", "file"],
        new Dictionary<string, long> { ["image"] = 10 * 1024 * 1024, ["file"] = 25 * 1024 * 1024 },
        SupportsTemplates: false, CustomerServiceWindow: null);

    public IReadOnlyList<string> RequiredCredentials { get; } = [];

    public string? ExternalIdFrom(IReadOnlyDictionary<string, string> credentials) => null;

    public IReadOnlyDictionary<string, string> PublicSettings(IReadOnlyDictionary<string, string> credentials) => new Dictionary<string, string>();

    public Task<IReadOnlyDictionary<string, string>> ConnectAsync(ChannelContext channel, Uri? webhookUrl, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public Task<SendOutcome> SendAsync(ChannelContext channel, OutboundMessage message, CancellationToken ct) =>
        Task.FromResult(SendOutcome.Sent("web:" + message.MessageId.ToString("N")));

    public Task<MediaContent> DownloadMediaAsync(ChannelContext channel, string mediaRef, long maxBytes, CancellationToken ct) =>
        throw new MediaFetchException("unsupported", "Web chat media is uploaded, not fetched.");

    public InboundBatch Parse(ChannelContext channel, string body) =>
        throw new FormatException("The web chat has no platform webhooks.");
}
