namespace Omni.Platform.Http;

/// <summary>Shortening text without breaking a character: a cut between the two halves of a surrogate pair
/// leaves invalid UTF-16, which Postgres refuses (and clients show as garbage).</summary>
public static class TextLimits
{
    /// <summary>At most <paramref name="maxLength"/> UTF-16 units from the start, never half a surrogate pair.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var cut = maxLength > 0 && char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..cut];
    }

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units from the end, never half a surrogate pair.</summary>
    public static string KeepEnd(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var start = text.Length - maxLength;
        if (char.IsLowSurrogate(text[start])) start++;
        return text[start..];
    }
}
