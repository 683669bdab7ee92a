using System.Globalization;
using System.Text.Json;

namespace Omni.Channels.Providers.Instagram;

/// <summary>Meta's Graph error object (<c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>).
/// Meta's advice: branch on <see cref="Code"/>, log the subcode.</summary>
internal sealed record GraphError(int Code, int? Subcode, string Message, bool IsTransient, string? TraceId)
{
    /// <summary>The message with its codes, for an operator reading a failed message or a channel's last error.</summary>
    public string Describe() =>
        $"{Message} (code {Code}{(Subcode is { } s ? $", subcode {s}" : "")}{(TraceId is { } t ? $", fbtrace_id {t}" : "")})";
}

/// <summary>One answer of the Graph API: its HTTP status (0 when there was none: network failure or timeout),
/// the JSON body, the error object when there is one, and the time Meta says a throttled caller must wait.</summary>
internal sealed class GraphAnswer
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromHours(24);

    public int Status { get; private init; }
    public JsonElement? Body { get; private init; }
    public GraphError? Error { get; private init; }
    public string? Failure { get; private init; }

    /// <summary><c>estimated_time_to_regain_access</c> (minutes) from the usage headers of a throttled
    /// answer; Graph sends no <c>Retry-After</c>.</summary>
    public TimeSpan? RegainAccessAfter { get; private init; }

    public bool Succeeded => Status is >= 200 and < 300 && Error is null && Body is { ValueKind: JsonValueKind.Object };

    public static GraphAnswer Unreachable(string why) => new() { Failure = why };

    public static GraphAnswer Read(HttpResponseMessage response, string text)
    {
        JsonElement? body = null;
        try
        {
            if (text.Length > 0) body = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy or an outage: the status tells what happened.
        }
        return new GraphAnswer
        {
            Status = (int)response.StatusCode,
            Body = body,
            Error = body is { } b ? ErrorIn(b) : null,
            Failure = body is null ? $"Instagram answered {(int)response.StatusCode} {response.ReasonPhrase}" : null,
            RegainAccessAfter = RegainAccess(response),
        };
    }

    private static GraphError? ErrorIn(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("error", out var e) || e.ValueKind != JsonValueKind.Object) return null;
        return new GraphError(
            Int(e, "code") ?? 0,
            Int(e, "error_subcode"),
            e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "Instagram refused the request.",
            e.TryGetProperty("is_transient", out var t) && t.ValueKind == JsonValueKind.True,
            e.TryGetProperty("fbtrace_id", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null);
    }

    private static int? Int(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n
        : v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
        : null;

    /// <summary><c>x-business-use-case-usage: {"&lt;id&gt;":[{"type":..,"estimated_time_to_regain_access":5}]}</c>
    /// (minutes); the longest wait named wins.</summary>
    private static TimeSpan? RegainAccess(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("x-business-use-case-usage", out var values)) return null;
        var minutes = 0.0;
        foreach (var value in values)
        {
            try
            {
                using var doc = JsonDocument.Parse(value);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var business in doc.RootElement.EnumerateObject())
                {
                    if (business.Value.ValueKind != JsonValueKind.Array) continue;
                    foreach (var usage in business.Value.EnumerateArray())
                    {
                        if (usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty("estimated_time_to_regain_access", out var eta)
                            && eta.ValueKind == JsonValueKind.Number)
                            minutes = Math.Max(minutes, eta.GetDouble());
                    }
                }
            }
            catch (JsonException)
            {
            }
        }
        if (minutes <= 0) return null;
        var wait = TimeSpan.FromMinutes(minutes);
        return wait > MaxWait ? MaxWait : wait;
    }
}
