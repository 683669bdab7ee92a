using System.Text;

namespace Omni.Leads.ImportLeads;

/// <summary>RFC 4180 CSV: comma-separated, fields with commas, quotes or line breaks in double quotes, a
/// quote inside doubled. Text cells that a spreadsheet would run as a formula (starting with = + - @) are
/// written with a leading apostrophe, which reading removes again.</summary>
internal static class Csv
{
    /// <summary>The rows of <paramref name="text"/>, each with the line it starts on (1-based).</summary>
    public static IEnumerable<(int Line, List<string> Cells)> Read(string text)
    {
        var i = 0;
        var line = 1;
        if (text.Length > 0 && text[0] == '\uFEFF') i = 1;
        while (i < text.Length)
        {
            var start = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            var endOfRow = false;
            while (i < text.Length && !endOfRow)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                    if (c == '"') { quoted = false; i++; continue; }
                    if (c == '\n') line++;
                    cell.Append(c);
                    i++;
                    continue;
                }
                switch (c)
                {
                    case '"' when cell.Length == 0: quoted = true; break;
                    case ',': cells.Add(Unguard(cell.ToString())); cell.Clear(); break;
                    case '\r': break;
                    case '\n': endOfRow = true; line++; break;
                    default: cell.Append(c); break;
                }
                i++;
            }
            if (quoted) throw new FormatException($"A quoted field that starts on line {start} never ends.");
            cells.Add(Unguard(cell.ToString()));
            if (cells.Count == 1 && cells[0].Length == 0) continue; // blank line
            yield return (start, cells);
        }
    }

    public static void WriteRow(TextWriter writer, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first) writer.Write(',');
            first = false;
            writer.Write(Escape(cell));
        }
        writer.Write("\r\n");
    }

    private static string Escape(string? cell)
    {
        if (string.IsNullOrEmpty(cell)) return "";
        if (cell[0] is '=' or '+' or '-' or '@') cell = "'" + cell;
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    private static string Unguard(string cell) => cell.Length >= 2 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' ? cell[1..] : cell;
}
