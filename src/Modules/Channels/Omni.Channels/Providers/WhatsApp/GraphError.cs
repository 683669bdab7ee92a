using System.Text.Json;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>The Graph API's error object (<c>{"error": {"message", "type", "code", "error_subcode",
/// "error_data": {"details"}, "fbtrace_id"}}</c>). Meta says to branch on <see cref="Code"/>, never on the
/// title inside <see cref="Message"/>.</summary>
internal sealed record GraphError(int Code, int? Subcode, string Message, string? Details, string? TraceId)
{
    /// <summary>The most useful human text: <c>error_data.details</c> when given, else the message.</summary>
    public string Text => string.IsNullOrWhiteSpace(Details) ? Message : Details;

    public override string ToString() => $"(#{Code}) {Text}";

    public static GraphError? Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("error", out var e) || e.ValueKind != JsonValueKind.Object) return null;
        var code = e.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : -1;
        int? subcode = e.TryGetProperty("error_subcode", out var s) && s.TryGetInt32(out var sn) ? sn : null;
        var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "unknown error";
        string? details = e.TryGetProperty("error_data", out var d) && d.ValueKind == JsonValueKind.Object
            && d.TryGetProperty("details", out var dt) && dt.ValueKind == JsonValueKind.String ? dt.GetString() : null;
        var trace = e.TryGetProperty("fbtrace_id", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new GraphError(code, subcode, message, details, trace);
    }
}
