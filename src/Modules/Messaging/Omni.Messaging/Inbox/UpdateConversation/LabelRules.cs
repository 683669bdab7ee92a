namespace Omni.Messaging.Inbox.UpdateConversation;

/// <summary>Labels are short lowercase tags ("billing", "vip"): trimmed and lowercased, so that "VIP" and
/// "vip" are one label, at most <see cref="MaxCount"/> a conversation.</summary>
internal static class LabelRules
{
    public const int MaxCount = 20;
    public const int MaxLength = 50;

    public static string Normalize(string label) => label.Trim().ToLowerInvariant();

    public static bool IsValid(string? label) =>
        label is not null && Normalize(label) is { Length: > 0 and <= MaxLength } n && !n.Any(char.IsControl);

    public static string[] Clean(IEnumerable<string> labels) => labels.Select(Normalize).Distinct(StringComparer.Ordinal).ToArray();
}
