using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Contracts;
using Omni.Messaging.Core;
using Omni.Messaging.Data;
using Omni.Messaging.Media;
using Omni.Platform.Database;
using Omni.Platform.Jobs;
using Omni.Platform.Storage;

namespace Omni.Messaging.Outbound;

internal sealed record SendMessagePayload(Guid MessageId);

/// <summary>Sends a queued message through its channel and records the outcome: the platform's id, or a
/// clear failure. Rate limits wait for the platform's retry time; an unreachable platform is retried with
/// backoff; a refusal fails the message. A message that is no longer queued is never sent again.</summary>
internal sealed class SendMessageJob(MessagingDbContext db, IChannelGateway channels, DeliveryReceipts receipts, IBlobStorage storage, MediaLinks links, JobOptions options) : IJobHandler
{
    public const string Type = "messaging.send";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var id = job.Payload.GetProperty("message_id").GetGuid();
        var message = await db.Messages.AsTracking().SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new JobPermanentFailureException($"message {id} does not exist");
        if (message.Status != "queued" || message.Private) return;

        var recipient = await (from c in db.Conversations
                               join ci in db.ContactInboxes on c.ContactInboxId equals ci.Id
                               where c.Id == message.ConversationId
                               select ci.SourceId).SingleAsync(ct);
        var attachment = await db.Attachments.Where(a => a.MessageId == id).FirstOrDefaultAsync(ct);
        var media = attachment is null ? null : await MediaOfAsync(attachment, message.Content, ct);
        var outcome = attachment is not null && media is null
            ? new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: "media_missing", ErrorText: "The uploaded file is no longer in storage.")
            : await channels.SendAsync(message.ChannelId, ToOutbound(message, recipient, media), ct);

        switch (outcome.Kind)
        {
            case SendOutcomeKind.Sent:
                message.Status = "sent";
                message.ExternalId = outcome.ExternalId;
                break;
            case SendOutcomeKind.RateLimited:
                throw new JobRetryException(outcome.RetryAfter ?? options.Backoff(job.Attempt), $"rate limited: {outcome.ErrorText}");
            case SendOutcomeKind.Unavailable when job.Attempt < job.MaxAttempts:
                throw new InvalidOperationException($"platform unavailable: {outcome.ErrorText}");
            default:
                message.Status = "failed";
                message.ErrorCode = outcome.ErrorCode ?? outcome.Kind switch
                {
                    SendOutcomeKind.WindowClosed => "window_closed",
                    SendOutcomeKind.CredentialsRejected => "credentials_rejected",
                    SendOutcomeKind.Unavailable => "platform_unavailable",
                    _ => "rejected",
                };
                message.ErrorText = outcome.ErrorText;
                break;
        }
        message.UpdatedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
        if (message.ExternalId is not null) await receipts.ApplyWaitingAsync(message.ChannelId, message.ExternalId, message.Id, ct);
    }

    /// <summary>Media given by URL goes as that URL. Uploaded media goes as its bytes (for platforms that take
    /// uploads) and as a signed link to it (for platforms that fetch by URL).</summary>
    private async Task<OutboundMedia?> MediaOfAsync(Domain.Attachment attachment, string? caption, CancellationToken ct)
    {
        if (attachment.StorageKey is null)
            return new OutboundMedia(attachment.Kind, attachment.SourceRef, null, attachment.MimeType, attachment.FileName, caption);
        if (await storage.GetAsync(attachment.StorageKey, ct) is not { } blob) return null;
        return new OutboundMedia(attachment.Kind, links.For(attachment.Id, TimeSpan.FromHours(1))?.ToString(), blob.Content,
            attachment.MimeType ?? blob.ContentType, attachment.FileName, caption);
    }

    private static OutboundMessage ToOutbound(Domain.Message m, string recipient, OutboundMedia? media)
    {
        using var attributes = JsonDocument.Parse(m.ContentAttributes);
        var root = attributes.RootElement;
        OutboundTemplate? template = null;
        if (root.TryGetProperty("template", out var t))
            template = new OutboundTemplate(t.GetProperty("name").GetString()!, t.GetProperty("language").GetString()!,
                t.TryGetProperty("components", out var c) && c.ValueKind != JsonValueKind.Null ? c.Clone() : null);
        var replyTo = root.TryGetProperty("in_reply_to_external_id", out var r) ? r.GetString() : null;
        return new OutboundMessage(m.Id, recipient, m.Type, m.Type == "text" ? m.Content : null, media, template, replyTo);
    }
}
