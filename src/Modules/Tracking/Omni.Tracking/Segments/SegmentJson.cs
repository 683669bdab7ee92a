using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omni.Tracking.Segments;

/// <summary>Rules as stored in <c>tracking.segments.rules</c>: the same snake_case shape the API takes.</summary>
internal static class SegmentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(SegmentRules rules) => JsonSerializer.Serialize(rules, Options);

    /// <summary>Rules without conditions (a row written by hand) match nobody.</summary>
    public static SegmentRules Read(string json) =>
        JsonSerializer.Deserialize<SegmentRules>(json, Options) is { Conditions: not null } rules ? rules : new SegmentRules([]);
}
