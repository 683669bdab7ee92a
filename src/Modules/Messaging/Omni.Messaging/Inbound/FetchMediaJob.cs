using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
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
internal sealed class FetchMediaJob(MessagingDbContext db, IChannelGateway channels, IBlobStorage storage, IConfiguration config) : IJobHandler
{
    public const string Type = "messaging.fetch-media";

    private static readonly string[] DefaultAllowed =
    [
        "image/jpeg", "image/png", "image/webp", "image/gif",
        "audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "audio/wav",
        "video/mp4", "video/3gpp", "video/quicktime",
        "application/pdf", "text/plain", "text/csv",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    ];

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var id = job.Payload.GetProperty("attachment_id").GetGuid();
        var attachment = await db.Attachments.AsTracking().SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new JobPermanentFailureException($"attachment {id} does not exist");
        if (attachment.Status != "pending") return;
        var channelId = await db.Messages.Where(m => m.Id == attachment.MessageId).Select(m => m.ChannelId).SingleAsync(ct);

        var maxBytes = config.GetValue("Omni:Media:MaxBytes", 25L * 1024 * 1024);
        var allowed = config.GetSection("Omni:Media:AllowedTypes").Get<string[]>() ?? DefaultAllowed;
        try
        {
            var media = await channels.DownloadMediaAsync(channelId, attachment.SourceRef!, maxBytes, ct);
            var mime = media.MimeType.Split(';')[0].Trim().ToLowerInvariant();
            if (!allowed.Contains(mime, StringComparer.OrdinalIgnoreCase))
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
