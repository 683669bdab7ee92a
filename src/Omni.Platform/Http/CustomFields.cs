using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;

namespace Omni.Platform.Http;

/// <summary>A record's <c>custom_fields</c> (contacts, leads): a JSON object of at most <see cref="MaxKeys"/>
/// keys of up to 64 characters and <see cref="MaxBytes"/> in all. It arrives as raw JSON so that a value
/// which is not an object is a validation error naming the field, not a body that fails to bind.</summary>
public static class CustomFields
{
    public const int MaxKeys = 100;
    public const int MaxBytes = 16 * 1024;

    public static IRuleBuilderOptions<T, JsonElement?> ValidCustomFields<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Must(f => f is null || f.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            .WithMessage("custom_fields must be a JSON object.")
            .Must(f => AsFields(f) is not { } fields
                       || (fields.Count <= MaxKeys && fields.Keys.All(k => k.Length is > 0 and <= 64)
                           && JsonSerializer.SerializeToUtf8Bytes(fields).Length <= MaxBytes))
            .WithMessage($"custom_fields: at most {MaxKeys} keys of up to 64 characters, {MaxBytes / 1024} KiB in all.");

    /// <summary>The object's keys and values (the last of a repeated key wins); null when absent, null or not an object.</summary>
    public static Dictionary<string, JsonElement>? AsFields(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } obj) return null;
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject()) fields[property.Name] = property.Value;
        return fields;
    }

    /// <summary>RFC 7396 on the stored object: keys given overwrite, keys given as null go.</summary>
    public static string Merge(string current, Dictionary<string, JsonElement> patch)
    {
        var merged = JsonNode.Parse(current)?.AsObject() ?? [];
        foreach (var (key, value) in patch)
        {
            if (value.ValueKind == JsonValueKind.Null) merged.Remove(key);
            else merged[key] = JsonNode.Parse(value.GetRawText());
        }
        return merged.ToJsonString();
    }
}
