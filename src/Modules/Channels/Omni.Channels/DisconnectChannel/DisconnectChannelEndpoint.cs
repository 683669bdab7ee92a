using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Domain;
using Omni.Channels.Webhooks;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Channels.DisconnectChannel;

internal static class DisconnectChannelEndpoint
{
    /// <summary>Disconnects: the credentials are erased and the platform account freed for another channel;
    /// the channel stays, disabled, so its conversations keep their history.</summary>
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, ChannelsDbContext db, WebhookIntake intake, RequestContext request, CancellationToken ct)
    {
        var changed = await db.Channels.Where(c => c.Id == id && c.OrgId == request.OrgId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, ChannelStatuses.Disabled)
            .SetProperty(c => c.SealedCredentials, (string?)null)
            .SetProperty(c => c.ExternalId, (string?)null)
            .SetProperty(c => c.UpdatedAt, DbClock.Now), ct);
        intake.Forget();
        return changed == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
