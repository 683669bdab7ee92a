using System.Text.Json;
using FluentValidation;
using Omni.Contacts.Contracts;
using Omni.Contacts.Domain;

namespace Omni.Contacts;

/// <summary>Validation rules the create and update requests share.</summary>
internal static class ContactFieldRules
{
    public const int MaxTags = 50;
    public const int MaxCustomFields = 100;
    public const int MaxCustomFieldsBytes = 16 * 1024;

    public static IRuleBuilderOptions<T, string?> ValidPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => p is null || IdentifierRules.TryNormalize(ContactIdentifierTypes.Phone, p, out _, out _))
            .WithMessage("phone must be a number in international format, e.g. +5511987654321.");

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(e => e is null || IdentifierRules.TryNormalize(ContactIdentifierTypes.Email, e, out _, out _))
            .WithMessage("email must be an email address.");

    public static IRuleBuilderOptions<T, List<string>?> ValidTags<T>(this IRuleBuilder<T, List<string>?> rule) =>
        rule.Must(tags => tags is null || (tags.Count <= MaxTags && tags.All(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= 64)))
            .WithMessage($"tags: at most {MaxTags}, each 1 to 64 characters.");

    /// <summary><c>custom_fields</c> arrives as raw JSON so that a value which is not an object is a validation
    /// error naming the field, not a body that fails to bind.</summary>
    public static IRuleBuilderOptions<T, JsonElement?> ValidCustomFields<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Must(f => f is null || f.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
            .WithMessage("custom_fields must be a JSON object.")
            .Must(f => AsFields(f) is not { } fields
                       || (fields.Count <= MaxCustomFields && fields.Keys.All(k => k.Length is > 0 and <= 64)
                           && JsonSerializer.SerializeToUtf8Bytes(fields).Length <= MaxCustomFieldsBytes))
            .WithMessage($"custom_fields: at most {MaxCustomFields} keys of up to 64 characters, {MaxCustomFieldsBytes / 1024} KiB in all.");

    /// <summary>The object's keys and values (the last of a repeated key wins); null when absent, null or not an object.</summary>
    public static Dictionary<string, JsonElement>? AsFields(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } obj) return null;
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject()) fields[property.Name] = property.Value;
        return fields;
    }

    public static string[] CleanTags(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
