using FluentValidation;

namespace Omni.Tracking.Sources;

/// <summary>What a source's settings may hold.</summary>
internal static class SourceRules
{
    public static readonly string[] ConsentModes = ["none", "required"];

    /// <summary>An origin as browsers send it: scheme, host and port only (<c>https://shop.example.com</c>).</summary>
    public static bool IsOrigin(string? value) =>
        value is not null && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
        && uri.GetLeftPart(UriPartial.Authority) == value.TrimEnd('/') && !value.EndsWith('/');

    public static string CapiTokenContext(Guid sourceId) => $"tracking.source:{sourceId}:capi_token";

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidOrigins<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(o => o is null || (o.Count <= 50 && o.All(IsOrigin)))
            .WithMessage("allowed_origins holds at most 50 origins like https://shop.example.com (scheme and host, no path or trailing slash).");
}
