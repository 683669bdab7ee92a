using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Omni.Messaging.Data;
using Omni.Platform.Http;
using Omni.Platform.Storage;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.DownloadAttachment;

internal static class DownloadAttachmentEndpoint
{
    /// <summary>The bytes of a stored attachment, with its content type. Images, audio and video are shown
    /// inline (with range requests for seeking); anything else downloads. An attachment not stored here (still
    /// being fetched, failed, or sent by URL) is 409 <c>attachment_not_stored</c>.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> Handle(
        Guid id, MessagingDbContext db, IBlobStorage storage, RequestContext request, HttpContext http, CancellationToken ct)
    {
        var attachment = await db.Attachments.SingleOrDefaultAsync(a => a.Id == id && a.OrgId == request.OrgId, ct);
        if (attachment is null) return TypedResults.NotFound();
        if (attachment.Status != "stored" || attachment.StorageKey is null)
            return ApiProblem.Conflict("attachment_not_stored", attachment.Status switch
            {
                "pending" => "The attachment is still being fetched from the platform.",
                "linked" => "The attachment was sent by URL and is not stored here; its url points to it.",
                _ => $"The attachment could not be fetched: {attachment.Error}",
            });

        var blob = await storage.GetAsync(attachment.StorageKey, ct);
        if (blob is null) return ApiProblem.NotFound("The attachment's content is missing from storage.");

        var contentType = attachment.MimeType ?? blob.ContentType;
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // User-supplied bytes served from the API's origin: never let them run as a page.
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        headers.CacheControl = "private, max-age=3600";
        var inline = attachment.Kind is "image" or "audio" or "video";
        return TypedResults.File(blob.Content, contentType,
            fileDownloadName: inline ? null : attachment.FileName ?? $"attachment-{attachment.Id:N}",
            enableRangeProcessing: true,
            entityTag: new EntityTagHeaderValue($"\"{attachment.Id:N}\""));
    }
}
