namespace Omni.Channels.Contracts;

/// <summary>What other modules may ask of Channels. Runs in the caller's unit of work and org.</summary>
public interface IChannelGateway
{
    Task<ChannelInfo?> GetAsync(Guid channelId, CancellationToken ct);

    /// <summary>Sends through the channel's platform. Never throws for platform answers: they are outcomes.
    /// A refused token also marks the channel as errored.</summary>
    Task<SendOutcome> SendAsync(Guid channelId, OutboundMessage message, CancellationToken ct);

    /// <summary>Downloads inbound media by the platform's reference (media id, file id or URL).</summary>
    /// <exception cref="MediaFetchException">Too large, not an allowed type, or the platform failed.</exception>
    Task<MediaContent> DownloadMediaAsync(Guid channelId, string mediaRef, long maxBytes, CancellationToken ct);

    /// <summary>The receive-only channel that an ingest connection's history lands in (created once).</summary>
    Task<Guid> CreateIngestChannelAsync(string platform, string name, CancellationToken ct);
}

public sealed class MediaFetchException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
