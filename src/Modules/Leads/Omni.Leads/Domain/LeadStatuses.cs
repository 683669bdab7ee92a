namespace Omni.Leads.Domain;

/// <summary>A lead's status is its stage's kind: <c>open</c>, <c>won</c> or <c>lost</c>.</summary>
internal static class LeadStatuses
{
    public const string Open = "open";
    public const string Won = "won";
    public const string Lost = "lost";

    public static readonly IReadOnlyList<string> All = [Open, Won, Lost];

    public static bool IsValid(string? value) => value is Open or Won or Lost;
}
