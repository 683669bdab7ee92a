using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Core;
using Omni.Messaging.Data;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Outbound;

/// <summary><c>POST /api/v1/conversations/{id}/messages</c> sent as <c>multipart/form-data</c>: a file to send
/// (or keep with a private note) with its message's fields. Routed here by the request's content type; the
/// JSON operation documents both (see <see cref="UploadFormDocumentation"/>).</summary>
internal static class SendUploadToConversationEndpoint
{
    public const string FormContentType = "multipart/form-data";

    public static async Task<Results<Accepted<MessageResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, HttpRequest http, MessagingDbContext db, OutboundMessages outbound, MediaPolicy policy, RequestContext request, CancellationToken ct)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (conversation is null) return TypedResults.NotFound();
        var (body, file, errors) = await UploadForm.ReadAsync(http, policy, ct);
        if (errors.Count > 0) return ApiProblem.Validation(errors);
        var message = await outbound.QueueAsync(conversation, body!, file, ct);
        return TypedResults.Accepted($"/api/v1/conversations/{id}/messages/{message.Id}", message);
    }
}

/// <summary>The request body limit of the upload route (the rest of the API keeps its 1 MiB): the largest
/// form the media policy admits (<see cref="UploadForm.FormLimit"/>).</summary>
internal sealed class UploadSizeLimit(long maxFileBytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = UploadForm.FormLimit(maxFileBytes);
}

/// <summary>Reads the upload form: one <c>file</c>, and optional <c>type</c> (image/audio/video/file; by
/// default from the file's type), <c>content</c> (the caption), <c>private</c> and <c>reply_to_message_id</c>.</summary>
internal static class UploadForm
{
    public static readonly string[] Fields = ["type", "content", "private", "reply_to_message_id"];
    private static readonly string[] MediaTypes = ["image", "audio", "video", "file"];

    /// <summary>The largest form: the largest file and room for the fields around it.</summary>
    public static long FormLimit(long maxFileBytes) => maxFileBytes + 64 * 1024;

    public static async Task<(SendMessageRequest? Body, UploadedFile? File, Dictionary<string, string[]> Errors)> ReadAsync(
        HttpRequest http, MediaPolicy policy, CancellationToken ct)
    {
        // Over the limit: 413, after the platform reads the rest of the body (see BodyLimitMiddleware).
        var limit = FormLimit(policy.MaxBytes);
        if (http.ContentLength > limit) throw TooLarge(policy);
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, ct);
        }
        catch (Exception e) when (e is InvalidDataException && e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                                  || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            throw TooLarge(policy);
        }
        catch (InvalidDataException e)
        {
            throw new ApiException(400, "invalid_form", $"The multipart body could not be read: {e.Message}");
        }

        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[^1]) ? v[^1] : null;

        foreach (var unknown in form.Keys.Where(k => !Fields.Contains(k)))
            Error(unknown, $"Unknown field. A message upload takes file, {string.Join(", ", Fields)}.");
        var files = form.Files;
        if (files.Count != 1 || files[0].Name != "file")
            Error("file", files.Count == 0 ? "A file is required." : "Send exactly one file, in the field named file.");

        var isPrivate = false;
        if (Field("private") is { } p && !bool.TryParse(p, out isPrivate)) Error("private", "private must be true or false.");
        Guid? replyTo = null;
        if (Field("reply_to_message_id") is { } r)
        {
            if (Guid.TryParse(r, out var g)) replyTo = g;
            else Error("reply_to_message_id", "reply_to_message_id must be a message id (uuid).");
        }
        var content = Field("content");
        if (content is { Length: > 4096 }) Error("content", "content (the caption) must be 4096 characters or fewer.");
        if (errors.Count > 0) return (null, null, errors);

        var file = files[0];
        var mime = MediaPolicy.Normalize(file.ContentType);
        if (file.Length == 0) return (null, null, new() { ["file"] = ["The file is empty."] });
        if (file.Length > policy.MaxBytes) throw TooLarge(policy);
        if (!policy.Allows(mime))
            return (null, null, new() { ["file"] = [$"Files of type {(mime.Length == 0 ? "(none given)" : mime)} are not accepted. Accepted: {string.Join(", ", policy.AllowedTypes)}."] });

        var type = Field("type") ?? MediaPolicy.KindOf(mime);
        if (!MediaTypes.Contains(type)) return (null, null, new() { ["type"] = [$"type must be one of {string.Join(", ", MediaTypes)} for an upload."] });
        if (type != "file" && MediaPolicy.KindOf(mime) != type)
            return (null, null, new() { ["type"] = [$"A {mime} file cannot be sent as {type}; send it as {MediaPolicy.KindOf(mime)} or file."] });

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, ct);
        var name = Path.GetFileName(file.FileName);
        if (string.IsNullOrWhiteSpace(name)) name = type;
        name = TextLimits.KeepEnd(name, 255);
        return (new SendMessageRequest(type, content, null, null, isPrivate, replyTo), new UploadedFile(name, mime, bytes), errors);
    }

    private static ApiException TooLarge(MediaPolicy policy) =>
        new(413, "media_too_large", $"Files are limited to {policy.MaxBytes} bytes.");
}
