using System.Globalization;
using System.Text.Json;

namespace Omni.Tracking.Intake;

/// <summary>Reads intake bodies: <c>{"write_key", "sent_at", "events": [...]}</c> for a batch, or one event's
/// fields next to <c>write_key</c>/<c>sent_at</c>. Every problem is collected per field
/// (<c>events[3].name</c>); any problem refuses the whole body, so a retry never stores half of it.
/// Event times are corrected for the client's clock: the difference between <c>sent_at</c> and our
/// receive time is added to each <c>timestamp</c>; a time in our future becomes now.</summary>
internal sealed class IntakeParser(DateTimeOffset receivedAt)
{
    public const int MaxEvents = 500;
    public const int MaxPropertiesBytes = 16 * 1024;
    private static readonly string[] Types = ["page", "track", "identify"];
    private static readonly string[] ContextKeys =
        ["url", "path", "referrer", "title", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbc", "fbp", "locale", "screen", "user_agent"];
    private static readonly byte[][] ContextKeysUtf8 = [.. ContextKeys.Select(System.Text.Encoding.UTF8.GetBytes)];

    public Dictionary<string, string[]> Errors { get; } = new();

    public TimeSpan Skew { get; private set; }

    public void ReadClock(JsonElement root)
    {
        if (root.TryGetProperty("sent_at", out var sent) && sent.ValueKind != JsonValueKind.Null)
        {
            if (TryTime(sent, out var at)) Skew = receivedAt - at;
            else Error("sent_at", "sent_at must be an ISO 8601 time.");
        }
    }

    public IntakeEvent? ReadEvent(JsonElement e, string at, string defaultType = "track")
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(at.Length == 0 ? "event" : at, "An event is a JSON object.");
            return null;
        }
        // Field names are built only when a field has a problem (a batch has hundreds of fields).
        string P(string field) => at.Length == 0 ? field : $"{at}.{field}";
        var before = Errors.Count;

        var type = String(e, "type", at, 20) ?? defaultType;
        if (!Types.Contains(type)) Error(P("type"), "type must be page, track or identify.");
        var name = String(e, "name", at, 200) ?? (type switch { "page" => "PageView", "identify" => "Identify", _ => null });
        if (name is null) Error(P("name"), "name is required for track events.");
        else if (name.Length == 0 || name.Any(char.IsControl)) Error(P("name"), "name must be 1 to 200 characters without control characters.");
        var eventId = String(e, "event_id", at, 100) ?? Guid.NewGuid().ToString();
        if (eventId.Length == 0) Error(P("event_id"), "event_id must not be empty.");
        var anonymousId = String(e, "anonymous_id", at, 100);

        var properties = ObjectJson(e, "properties", at);
        var context = ContextJson(e, at, out var url);
        var occurredAt = receivedAt;
        if (e.TryGetProperty("timestamp", out var ts) && ts.ValueKind != JsonValueKind.Null)
        {
            if (TryTime(ts, out var clientAt))
            {
                occurredAt = clientAt + Skew;
                if (occurredAt > receivedAt) occurredAt = receivedAt;
            }
            else
            {
                Error(P("timestamp"), "timestamp must be an ISO 8601 time.");
            }
        }
        IdentifyTraits? traits = null;
        if (type == "identify")
        {
            traits = Traits(e, P("traits"));
            if (anonymousId is null) Error(P("anonymous_id"), "identify needs the anonymous_id it names.");
            // The traits are the identify event's properties (what the Conversions API hashes for it).
            if (properties == "{}" && e.TryGetProperty("traits", out var t) && t.ValueKind == JsonValueKind.Object) properties = t.GetRawText();
        }
        return Errors.Count > before ? null : new IntakeEvent(eventId, type, name!, anonymousId, properties, context, url, occurredAt, traits);
    }

    public void Error(string field, string message) => Errors.TryAdd(field, [message]);

    private static string Field(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    /// <param name="at">Where the object is (<c>events[3]</c>, <c>traits</c>), for the field name of a problem.</param>
    private string? String(JsonElement e, string name, string at, int max)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String)
        {
            Error(Field(at, name), $"{name} must be a string.");
            return null;
        }
        var s = v.GetString()!;
        if (s.Length > max) Error(Field(at, name), $"{name} is at most {max} characters.");
        return s;
    }

    private string ObjectJson(JsonElement e, string name, string at)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return "{}";
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(Field(at, name), $"{name} must be an object.");
            return "{}";
        }
        var raw = v.GetRawText();
        if (raw.Length > MaxPropertiesBytes) Error(Field(at, name), $"{name} is at most {MaxPropertiesBytes / 1024} KB.");
        if (raw.Contains("\\u0000", StringComparison.Ordinal)) Error(Field(at, name), $"{name} must not contain NUL characters.");
        return raw;
    }

    /// <summary>The known page and campaign fields, each a string of at most 2,000 characters.</summary>
    private string ContextJson(JsonElement e, string at, out string? url)
    {
        url = null;
        if (!e.TryGetProperty("context", out var v) || v.ValueKind == JsonValueKind.Null) return "{}";
        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(Field(at, "context"), "context must be an object.");
            return "{}";
        }
        // The usual case, only known string fields of a sensible length, is kept as sent.
        if (v.EnumerateObject().All(p => IsContextKey(p) && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length <= 2000))
        {
            url = v.TryGetProperty("url", out var u) ? u.GetString() : null;
            return v.GetRawText();
        }
        var kept = new Dictionary<string, string>();
        foreach (var p in v.EnumerateObject())
        {
            if (!ContextKeys.Contains(p.Name) || p.Value.ValueKind == JsonValueKind.Null) continue;
            if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString()!.Length > 2000)
            {
                Error($"{Field(at, "context")}.{p.Name}", $"{p.Name} must be a string of at most 2000 characters.");
                continue;
            }
            kept[p.Name] = p.Value.GetString()!;
        }
        url = kept.GetValueOrDefault("url");
        return JsonSerializer.Serialize(kept);
    }

    private static bool IsContextKey(JsonProperty p)
    {
        foreach (var key in ContextKeysUtf8)
        {
            if (p.NameEquals(key)) return true;
        }
        return false;
    }

    private IdentifyTraits? Traits(JsonElement e, string field)
    {
        if (!e.TryGetProperty("traits", out var v) || v.ValueKind != JsonValueKind.Object)
        {
            Error(field, "identify needs traits with at least one of email, phone or external_id.");
            return null;
        }
        var traits = new IdentifyTraits(String(v, "email", field, 320), String(v, "phone", field, 40),
            String(v, "external_id", field, 200), String(v, "name", field, 200));
        if (traits is { Email: null, Phone: null, ExternalId: null })
            Error(field, "identify needs traits with at least one of email, phone or external_id.");
        return traits;
    }

    private static bool TryTime(JsonElement v, out DateTimeOffset at)
    {
        at = default;
        return v.ValueKind == JsonValueKind.String
               && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }
}
