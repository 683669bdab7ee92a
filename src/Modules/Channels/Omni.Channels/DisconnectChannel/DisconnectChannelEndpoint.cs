using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Microsoft.Extensions.Logging;
using Omni.Channels.Domain;
using Omni.Channels.Gateway;
using Omni.Channels.Providers;
using Omni.Channels.Webhooks;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Channels.DisconnectChannel;

internal static class DisconnectChannelEndpoint
{
    /// <summary>Disconnects: what the channel registered at the platform is undone (Telegram's webhook, best
    /// effort), the credentials are erased and the platform account freed for another channel; the channel
    /// stays, disabled, so its conversations keep their history.</summary>
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, ChannelsDbContext db, WebhookIntake intake, ChannelContexts contexts,
        ProviderRegistry providers, ILoggerFactory logs, RequestContext request, CancellationToken ct)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (channel is null) return TypedResults.NotFound();
        if (channel.SealedCredentials is not null && providers.Find(channel.Type) is { } provider)
        {
            string? failure;
            try
            {
                using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
                patience.CancelAfter(TimeSpan.FromSeconds(10));
                failure = await provider.DisconnectAsync(contexts.For(channel), patience.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                failure = e.Message;
            }
            if (failure is not null)
                logs.CreateLogger("Omni.Channels.Disconnect").LogWarning("Channel {ChannelId} ({Type}) is disconnected here, but the platform was not told: {Failure}",
                    channel.Id, channel.Type, failure);
        }
        var changed = await db.Channels.Where(c => c.Id == id && c.OrgId == request.OrgId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, ChannelStatuses.Disabled)
            .SetProperty(c => c.SealedCredentials, (string?)null)
            .SetProperty(c => c.ExternalId, (string?)null)
            .SetProperty(c => c.UpdatedAt, DbClock.Now), ct);
        intake.Forget();
        return changed == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
