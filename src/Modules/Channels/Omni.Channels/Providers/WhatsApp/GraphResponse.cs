using System.Text.Json;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>One Graph API answer: its status, its JSON body (undefined when it had none) and the Graph error
/// it carries, if any.</summary>
internal sealed record GraphResponse(int Status, JsonElement Body, GraphError? Error, string? TraceId)
{
    public bool IsSuccess => Status is >= 200 and < 300 && Error is null;

    public string? String(string property) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>What went wrong, for logs and error texts.</summary>
    public string Describe() => Error?.ToString() ?? $"HTTP {Status}";
}
