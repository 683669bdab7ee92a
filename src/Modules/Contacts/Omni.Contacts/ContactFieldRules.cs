using FluentValidation;
using Omni.Contacts.Contracts;
using Omni.Contacts.Domain;

namespace Omni.Contacts;

/// <summary>Validation rules the create and update requests share.</summary>
internal static class ContactFieldRules
{
    public const int MaxTags = 50;

    public static IRuleBuilderOptions<T, string?> ValidPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => p is null || IdentifierRules.TryNormalize(ContactIdentifierTypes.Phone, p, out _, out _))
            .WithMessage("phone must be a number in international format, e.g. +5511987654321.");

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(e => e is null || IdentifierRules.TryNormalize(ContactIdentifierTypes.Email, e, out _, out _))
            .WithMessage("email must be an email address.");

    public static IRuleBuilderOptions<T, List<string>?> ValidTags<T>(this IRuleBuilder<T, List<string>?> rule) =>
        rule.Must(tags => tags is null || (tags.Count <= MaxTags && tags.All(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= 64)))
            .WithMessage($"tags: at most {MaxTags}, each 1 to 64 characters.");

    public static string[] CleanTags(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
