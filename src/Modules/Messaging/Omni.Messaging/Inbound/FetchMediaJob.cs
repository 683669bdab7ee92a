using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Core;
using Omni.Channels.Contracts;
using Omni.Messaging.Data;
using Omni.Platform.Database;
using Omni.Platform.Jobs;
using Omni.Platform.Storage;

namespace Omni.Messaging.Inbound;

internal sealed record FetchMediaPayload(Guid AttachmentId);

/// <summary>Brings an inbound attachment's bytes from the platform into our storage, within a size cap and
/// a MIME allow-list (<c>Omni:Media:MaxBytes</c>, <c>Omni:Media:AllowedTypes</c>). A fetch that cannot
/// succeed leaves the message with a failed attachment and its reason; the message itself is never lost.</summary>
internal sealed class FetchMediaJob(MessagingDbContext db, IChannelGateway channels, IBlobStorage storage, MediaPolicy policy) : IJobHandler
{
    public const string Type = "messaging.fetch-media";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var id = job.Payload.GetProperty("attachment_id").GetGuid();
        var attachment = await db.Attachments.AsTracking().SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new JobPermanentFailureException($"attachment {id} does not exist");
        if (attachment.Status != "pending") return;
        var channelId = await db.Messages.Where(m => m.Id == attachment.MessageId).Select(m => m.ChannelId).SingleAsync(ct);

        try
        {
            var media = await channels.DownloadMediaAsync(channelId, attachment.SourceRef!, policy.MaxBytes, ct);
            var mime = MediaPolicy.Normalize(media.MimeType);
            if (!policy.Allows(mime))
                throw new MediaFetchException("type_not_allowed", $"Media of type {mime} is not accepted.");

            var key = BlobKeys.For(attachment.OrgId, attachment.Id);
            await storage.PutAsync(key, media.Bytes, mime, ct);
            attachment.StorageKey = key;
            attachment.MimeType = mime;
            attachment.SizeBytes = media.Bytes.Length;
            attachment.FileName ??= media.FileName;
            attachment.Status = "stored";
            attachment.Error = null;
        }
        catch (MediaFetchException e)
        {
            attachment.Status = "failed";
            attachment.Error = $"{e.Code}: {e.Message}";
        }
        catch (Exception e) when (job.Attempt >= job.MaxAttempts && e is not OperationCanceledException)
        {
            attachment.Status = "failed";
            attachment.Error = $"fetch_failed: {e.Message}";
        }
        attachment.UpdatedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
    }
}
