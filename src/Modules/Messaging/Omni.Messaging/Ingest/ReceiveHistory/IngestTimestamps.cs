using System.Globalization;
using System.Text.RegularExpressions;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>ISO 8601 date-times as syncers write them: <c>2026-02-01T10:30:00Z</c>, JavaScript's
/// <c>toISOString()</c> (milliseconds), Python's <c>isoformat()</c> (microseconds, with or without an
/// offset), <c>+02:00</c>/<c>+0200</c> offsets. Without an offset the time is taken as UTC. Anything else,
/// including dates without a time, is refused.</summary>
internal static partial class IngestTimestamps
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var m = Pattern().Match(text);
        if (!m.Success) return false;
        int Int(int group) => int.Parse(m.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

        var offset = TimeSpan.Zero;
        if (m.Groups[8].Success)
        {
            var sign = m.Groups[8].Value == "-" ? -1 : 1;
            var minutes = m.Groups[10].Success ? Int(10) : 0;
            if (Int(9) > 14 || minutes > 59) return false;
            offset = sign * new TimeSpan(Int(9), minutes, 0);
            if (offset.Duration() > TimeSpan.FromHours(14)) return false;
        }
        var seconds = m.Groups[6].Success ? Int(6) : 0;
        var fraction = m.Groups[7].Success ? m.Groups[7].Value : "";
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        try
        {
            value = new DateTimeOffset(Int(1), Int(2), Int(3), Int(4), Int(5), seconds, offset).AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?$")]
    private static partial Regex Pattern();
}
