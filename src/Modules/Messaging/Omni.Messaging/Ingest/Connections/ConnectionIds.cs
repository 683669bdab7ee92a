using System.Text.RegularExpressions;

namespace Omni.Messaging.Ingest.Connections;

internal static partial class ConnectionIds
{
    public const string Rule = "connection_id must be 1 to 200 letters, digits, '_', '-', '.' or ':', starting with a letter or digit.";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$")]
    private static partial Regex Pattern();
}
