using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Providers;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;

namespace Omni.Channels.GetChannel;

internal static class GetChannelEndpoint
{
    public static async Task<Results<Ok<ChannelResponse>, NotFound>> Handle(
        Guid id, ChannelsDbContext db, ProviderSettings settings, SecretBox box, RequestContext request, CancellationToken ct)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        return channel is null ? TypedResults.NotFound() : TypedResults.Ok(ChannelResponse.From(channel, box, WebhookUrls.For(channel, settings)?.ToString()));
    }
}
