using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Domain;
using Omni.Channels.Providers;
using Omni.Platform.Security;

namespace Omni.Channels.Gateway;

/// <summary>Loads a channel (under the caller's RLS) with its credentials opened for its provider.</summary>
internal sealed class ChannelContexts(ChannelsDbContext db, SecretBox box)
{
    public async Task<ChannelContext?> LoadAsync(Guid channelId, CancellationToken ct)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, ct);
        return channel is null ? null : For(channel);
    }

    public ChannelContext For(Channel channel) => new(
        channel.Id, channel.OrgId, channel.Type, channel.ExternalId,
        ChannelCredentials.Open(box, channel.Id, channel.SealedCredentials),
        JsonSerializer.Deserialize<Dictionary<string, string>>(channel.Settings) ?? []);
}
