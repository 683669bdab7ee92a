using System.Text.Json;

namespace Omni.Tracking.Conversions;

/// <summary>The Graph API's error object as the Conversions API answers it (<c>{"error": {"message", "type",
/// "code", "error_subcode", "is_transient", "error_user_title", "error_user_msg", "fbtrace_id"}}</c>). Meta
/// says to branch on <see cref="Code"/>; the user message says what was wrong with the payload.</summary>
internal sealed record CapiGraphError(int Code, int? Subcode, string Message, string? UserMessage, bool IsTransient, string? TraceId)
{
    public override string ToString() =>
        string.IsNullOrWhiteSpace(UserMessage) ? $"(#{Code}) {Message}" : $"(#{Code}) {Message}: {UserMessage}";

    public static CapiGraphError? Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("error", out var e) || e.ValueKind != JsonValueKind.Object) return null;
        return new CapiGraphError(
            e.TryGetProperty("code", out var c) && c.TryGetInt32(out var code) ? code : -1,
            e.TryGetProperty("error_subcode", out var s) && s.TryGetInt32(out var sub) ? sub : null,
            Text(e, "message") ?? "unknown error",
            Text(e, "error_user_msg"),
            e.TryGetProperty("is_transient", out var t) && t.ValueKind == JsonValueKind.True,
            Text(e, "fbtrace_id"));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
