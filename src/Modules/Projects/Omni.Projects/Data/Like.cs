namespace Omni.Projects.Data;

internal static class Like
{
    /// <summary>Escapes LIKE's wildcards (the SQL names <c>escape '\'</c>).</summary>
    public static string Escape(string s) =>
        s.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
