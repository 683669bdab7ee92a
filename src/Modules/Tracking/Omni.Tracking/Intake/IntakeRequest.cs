using System.Buffers;
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

    /// <summary>Reads the body into a pooled buffer (sized by Content-Length when it is sent) and parses it; the
    /// document keeps its own copy, so the buffer goes back to the pool at once.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpRequest http, int maxBytes, CancellationToken ct)
    {
        var type = (http.ContentType ?? "").AsSpan();
        if (type.IndexOf(';') is >= 0 and var semicolon) type = type[..semicolon];
        type = type.Trim();
        if (!(type.IsEmpty || type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
            throw new ApiException(415, "unsupported_media_type", "Send the events as JSON (application/json or text/plain).");
        if (http.ContentLength > maxBytes) throw TooLarge(maxBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(http.ContentLength is > 0 and var known ? (int)known + 1 : 4096);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await http.Body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) throw TooLarge(maxBytes);
            }
            return Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                throw new JsonException("There is more after the JSON value.");
            }
            return document;
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
