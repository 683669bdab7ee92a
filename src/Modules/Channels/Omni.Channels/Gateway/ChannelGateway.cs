using Microsoft.EntityFrameworkCore;
using Omni.Channels.Contracts;
using Omni.Channels.Data;
using Omni.Channels.Domain;
using Omni.Channels.Providers;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Channels.Gateway;

/// <summary>The Channels module's contract for other modules (see <see cref="IChannelGateway"/>).</summary>
internal sealed class ChannelGateway(ChannelsDbContext db, ChannelContexts contexts, ProviderRegistry providers, RequestContext request) : IChannelGateway
{
    public async Task<ChannelInfo?> GetAsync(Guid channelId, CancellationToken ct)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, ct);
        return channel is null ? null : Info(channel, providers);
    }

    public async Task<SendOutcome> SendAsync(Guid channelId, OutboundMessage message, CancellationToken ct)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is null) return new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: "channel_missing", ErrorText: "The channel no longer exists.");
        if (channel.Status == ChannelStatuses.Disabled || channel.IngestOnly || providers.Find(channel.Type) is not { Capabilities.CanSend: true } provider)
            return new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: "channel_cannot_send", ErrorText: "This channel does not send messages.");

        var outcome = await provider.SendAsync(contexts.For(channel), message, ct);
        if (outcome.Kind == SendOutcomeKind.CredentialsRejected)
            await MarkErrorAsync(channel.Id, $"The platform refused the channel's credentials: {outcome.ErrorText}", ct);
        else if (outcome.Kind == SendOutcomeKind.Sent && channel.Status == ChannelStatuses.Error)
            await db.Channels.Where(c => c.Id == channel.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChannelStatuses.Active), ct);
        return outcome;
    }

    public async Task<MediaContent> DownloadMediaAsync(Guid channelId, string mediaRef, long maxBytes, CancellationToken ct)
    {
        var channel = await contexts.LoadAsync(channelId, ct) ?? throw new MediaFetchException("channel_missing", "The channel no longer exists.");
        var provider = providers.Find(channel.Type) ?? throw new MediaFetchException("unsupported", "This channel has no media to fetch.");
        return await provider.DownloadMediaAsync(channel, mediaRef, maxBytes, ct);
    }

    public async Task<Guid> CreateIngestChannelAsync(string platform, string name, CancellationToken ct)
    {
        var now = DbClock.Now;
        var channel = new Channel
        {
            Id = Guid.CreateVersion7(), OrgId = request.OrgId, Type = platform, Name = name, IngestOnly = true,
            Status = ChannelStatuses.Active, CreatedAt = now, UpdatedAt = now,
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync(ct);
        return channel.Id;
    }

    private Task MarkErrorAsync(Guid channelId, string error, CancellationToken ct) =>
        db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, ChannelStatuses.Error)
            .SetProperty(c => c.LastError, error)
            .SetProperty(c => c.LastErrorAt, DbClock.Now), ct);

    internal static ChannelInfo Info(Channel channel, ProviderRegistry providers) =>
        new(channel.Id, channel.OrgId, channel.Type, channel.Name, channel.Status, channel.IngestOnly, CapabilitiesOf(channel, providers));

    internal static ChannelCapabilities CapabilitiesOf(Channel channel, ProviderRegistry providers) =>
        !channel.IngestOnly && channel.Status != ChannelStatuses.Disabled && providers.Find(channel.Type) is { } provider
            ? provider.Capabilities
            : ReceiveOnly;

    internal static readonly ChannelCapabilities ReceiveOnly = new(false, [], new Dictionary<string, long>(), false, null);
}
