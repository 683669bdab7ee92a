using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Gateway;
using Omni.Channels.Providers;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Jobs;

namespace Omni.Channels.Webhooks;

/// <summary>Turns one recorded webhook into inbox messages and statuses (through Messaging's contract, in
/// the same transaction as marking the webhook processed).</summary>
internal sealed class ProcessWebhookJob(ChannelsDbContext db, ChannelContexts contexts, ProviderRegistry providers, IInboundSink inbox) : IJobHandler
{
    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var eventId = job.Payload.GetProperty("event_id").GetGuid();
        var webhook = await db.WebhookEvents.AsTracking().SingleOrDefaultAsync(w => w.Id == eventId, ct)
            ?? throw new JobPermanentFailureException($"webhook event {eventId} does not exist");
        if (webhook.ProcessedAt is not null) return;

        var channel = await contexts.LoadAsync(webhook.ChannelId, ct)
            ?? throw new JobPermanentFailureException($"channel {webhook.ChannelId} does not exist");
        InboundBatch batch;
        try
        {
            batch = providers.Get(channel.Type).Parse(channel, webhook.Body);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            webhook.Error = $"unreadable {webhook.Platform} webhook: {e.Message}";
            webhook.ProcessedAt = DbClock.Now;
            await db.SaveChangesAsync(ct);
            return;
        }
        await inbox.ReceiveAsync(batch, ct);
        webhook.ProcessedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
    }
}
