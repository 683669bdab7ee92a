using Microsoft.AspNetCore.Http.HttpResults;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Storage;

namespace Omni.Messaging.Media;

internal static class PublicMediaEndpoint
{
    /// <summary>A stored attachment by a signed, expiring link (see <see cref="MediaLinks"/>). Anyone with a
    /// valid link may fetch it, as platforms do; without one, or once it expired, the answer is 404.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> Handle(
        Guid id, long? expires, string? signature, MediaLinks links, DbSession session, IBlobStorage storage, HttpResponse response, CancellationToken ct)
    {
        if (expires is null || !links.IsValid(id, expires.Value, signature)) return TypedResults.NotFound();

        // The link is the authority here, not an org member: find the attachment across orgs, and nothing else.
        await session.BeginAsync(new SessionIdentity(DbRole.System, """{"role":"omni_system"}"""), ct);
        string? key = null, fileName = null;
        await using (var cmd = await session.CommandAsync("select storage_key, file_name from messaging.find_stored_attachment($1)", ct))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                key = reader.GetString(0);
                fileName = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }
        if (key is null || await storage.GetAsync(key, ct) is not { } blob) return TypedResults.NotFound();

        response.Headers.CacheControl = "private, max-age=300";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.File(blob.Content, blob.ContentType, fileName);
    }
}
