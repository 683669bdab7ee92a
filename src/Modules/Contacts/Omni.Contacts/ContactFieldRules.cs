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

    public static IRuleBuilderOptions<T, Dictionary<string, JsonElement>?> ValidCustomFields<T>(this IRuleBuilder<T, Dictionary<string, JsonElement>?> rule) =>
        rule.Must(f => f is null || (f.Count <= MaxCustomFields && f.Keys.All(k => k.Length is > 0 and <= 64)
                                      && JsonSerializer.SerializeToUtf8Bytes(f).Length <= MaxCustomFieldsBytes))
            .WithMessage($"custom_fields: at most {MaxCustomFields} keys of up to 64 characters, {MaxCustomFieldsBytes / 1024} KiB in all.");

    public static string[] CleanTags(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
