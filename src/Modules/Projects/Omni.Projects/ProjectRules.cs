using FluentValidation;

namespace Omni.Projects;

internal static class ProjectRules
{
    public static IRuleBuilderOptions<T, string?> ValidStatus<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || ProjectStatuses.All.Contains(s))
            .WithMessage($"status must be one of {string.Join(", ", ProjectStatuses.All)}.");

    public static IRuleBuilderOptions<T, string?> ValidPriority<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(s => s is null || TaskPriorities.All.Contains(s))
            .WithMessage($"priority must be one of {string.Join(", ", TaskPriorities.All)}.");

    public static IRuleBuilderOptions<T, List<string>?> ValidLabels<T>(this IRuleBuilder<T, List<string>?> rule) =>
        rule.Must(l => l is null || (l.Count <= ProjectLimits.Labels && l.All(IsValidLabel)))
            .WithMessage($"At most {ProjectLimits.Labels} labels, each 1 to {ProjectLimits.LabelLength} characters without control characters.");

    public static bool IsValidLabel(string? label) =>
        !string.IsNullOrWhiteSpace(label) && label.Trim().Length <= ProjectLimits.LabelLength && !label.Any(char.IsControl);

    /// <summary>Trimmed, lower-cased, without duplicates, in the order given.</summary>
    public static string[] CleanLabels(IEnumerable<string> labels) =>
        labels.Select(l => l.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();

    public static bool HasNoControlCharacters(string? text) => text is null || !text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
