using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Omni.Platform.Http;

namespace Omni.Tracking.Intake;

/// <summary>The common part of the intake routes: the body read within its limit as JSON (sent as
/// <c>application/json</c>, or as <c>text/plain</c> as <c>navigator.sendBeacon</c> does to avoid a CORS
/// preflight), the write key (<c>write_key</c> in the body or <c>X-Write-Key</c>), the source and the page's
/// origin checked, and the CORS answer for an allowed origin.</summary>
internal static class IntakeRequest
{
    public const string WriteKeyHeader = "X-Write-Key";

    public static async Task<JsonDocument> ReadJsonAsync(HttpRequest http, int maxBytes, CancellationToken ct)
    {
        var type = (http.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (type is not ("application/json" or "text/plain" or ""))
            throw new ApiException(415, "unsupported_media_type", "Send the events as JSON (application/json or text/plain).");
        if (http.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) throw TooLarge(maxBytes);
        }
        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            throw new ApiException(400, "malformed_json", $"The request body is not valid JSON: {e.Message}");
        }
    }

    public static async Task<IntakeSource> SourceAsync(HttpContext http, JsonElement root, SourceDirectory sources, CancellationToken ct)
    {
        var key = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("write_key", out var k) && k.ValueKind == JsonValueKind.String
            ? k.GetString()!
            : http.Request.Headers[WriteKeyHeader].ToString();
        if (key.Length == 0) throw new ApiException(401, "write_key_missing", "Give the source's write_key in the body or the X-Write-Key header.");
        var source = await sources.FindAsync(key, ct) ?? throw new ApiException(401, "invalid_write_key", "No source has this write key.");
        var origin = http.Request.Headers.Origin.ToString();
        if (!source.AllowsOrigin(origin))
            throw new ApiException(403, "origin_not_allowed", $"The origin {origin} is not among this source's allowed_origins.");
        AllowOrigin(http, origin);
        if (!source.IsActive) throw new ApiException(403, "source_inactive", "This source is switched off.");
        return source;
    }

    /// <summary>Lets the page read the answer (errors included) when its origin is allowed.</summary>
    public static void AllowOrigin(HttpContext http, string origin)
    {
        if (origin.Length == 0) return;
        http.Response.Headers.AccessControlAllowOrigin = origin;
        http.Response.Headers.Vary = new StringValues("Origin");
    }

    public static IntakeBatch Batch(HttpContext http, IntakeSource source, IReadOnlyList<IntakeEvent> events)
    {
        var userAgent = http.Request.Headers.UserAgent.ToString();
        return new IntakeBatch(source, events, ClientInfo.Ip(http.Connection.RemoteIpAddress, source.AnonymizeIp),
            source.StoreUserAgent && userAgent.Length > 0 ? userAgent[..Math.Min(userAgent.Length, 1000)] : null, ClientInfo.IsBot(userAgent));
    }

    private static ApiException TooLarge(int maxBytes) => new(413, "payload_too_large", $"The body is larger than this route accepts ({maxBytes / 1024} KB).");
}
