using System.Text.Json;

namespace Omni.Tracking.Conversions;

/// <summary>What identifies the visitor's browser to Meta, sent unhashed: IP, user agent and the pixel's
/// cookies <c>_fbc</c> (the ad click) and <c>_fbp</c> (the browser).</summary>
internal sealed record BrowserIds(string? Ip, string? UserAgent, string? Fbc, string? Fbp)
{
    /// <summary>From a tracked event: <c>fbc</c>/<c>fbp</c> from its context; without an <c>fbc</c> cookie, one
    /// built from an <c>fbclid</c> in the page URL (<c>fb.1.{ms}.{fbclid}</c>), as the pixel would.</summary>
    public static BrowserIds FromEvent(string? ip, string? userAgent, JsonElement context, string? url, DateTimeOffset occurredAt)
    {
        var fbc = Text(context, "fbc");
        if (fbc is null && ClickId(url) is { } fbclid) fbc = $"fb.1.{occurredAt.ToUnixTimeMilliseconds()}.{fbclid}";
        return new BrowserIds(ip, userAgent, fbc, Text(context, "fbp"));
    }

    private static string? ClickId(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == "fbclid" && pair.Length > eq + 1) return Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return null;
    }

    private static string? Text(JsonElement o, string key) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
