using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Domain;
using Omni.Channels.Gateway;
using Omni.Channels.Providers;
using Omni.Channels.Webhooks;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;

namespace Omni.Channels.ReconnectChannel;

internal static class ReconnectChannelEndpoint
{
    /// <summary>Tries the platform again (after an outage, or to re-register a webhook); the channel's
    /// <c>status</c> and <c>last_error</c> tell how it went.</summary>
    public static async Task<Results<Ok<ChannelResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, ChannelsDbContext db, ChannelConnector connector, ProviderSettings settings, SecretBox box, WebhookIntake intake,
        RequestContext request, CancellationToken ct)
    {
        var channel = await db.Channels.AsTracking().SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (channel is null) return TypedResults.NotFound();
        if (channel.Status == ChannelStatuses.Disabled)
            return ApiProblem.Conflict("channel_disabled", "The channel is disabled: set its status to active instead.");
        await connector.ConnectAsync(channel, ct);
        channel.UpdatedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
        intake.Forget();
        return TypedResults.Ok(ChannelResponse.From(channel, box, WebhookUrls.For(channel, settings)?.ToString()));
    }
}
