using System.Text.Json;

namespace Omni.Tracking.Conversions;

/// <summary>What the Conversions API answered: its status and body (raw, for the delivery record), the Graph
/// error in it if any; or, with <see cref="Unreachable"/>, why there was no answer at all.</summary>
internal sealed record CapiAnswer(int Status, string? RawBody, JsonElement Body, CapiGraphError? Error, string? Unreachable = null)
{
    public bool IsSuccess => Unreachable is null && Status is >= 200 and < 300 && Error is null;

    public string? TraceId =>
        Error?.TraceId ?? (Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("fbtrace_id", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null);

    /// <summary>The body when it is JSON (for the jsonb column), else null.</summary>
    public string? JsonBody => Body.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? RawBody : null;

    public static CapiAnswer NoAnswer(string reason) => new(0, null, default, null, reason);
}
