using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Omni.Tracking.Conversions;

/// <summary>Customer information as the Conversions API wants it: normalized, then SHA-256 as lowercase hex.
/// A value that is already a SHA-256 (64 lowercase hex characters) is passed as is, never hashed twice.
/// Each method answers null when nothing usable is left after normalizing.</summary>
internal static class MetaHashing
{
    /// <summary>Trimmed and lowercased.</summary>
    public static string? Email(string? raw) =>
        raw?.Trim() is { Length: > 0 } e ? (IsHash(e) ? e : e.Contains('@', StringComparison.Ordinal) ? Sha256(e.ToLowerInvariant()) : null) : null;

    /// <summary>Digits only, with the country code: no <c>+</c>, no leading <c>00</c> or <c>0</c>.</summary>
    public static string? Phone(string? raw)
    {
        if (raw?.Trim() is not { Length: > 0 } p) return null;
        if (IsHash(p)) return p;
        var digits = new string(p.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length >= 7 ? Sha256(digits) : null;
    }

    /// <summary>Lowercased, punctuation and spaces removed (letters of any script kept).</summary>
    public static string? Name(string? raw)
    {
        if (raw?.Trim() is not { Length: > 0 } n) return null;
        if (IsHash(n)) return n;
        var kept = new string(n.ToLower(CultureInfo.InvariantCulture).Where(char.IsLetterOrDigit).ToArray());
        return kept.Length > 0 ? Sha256(kept.Normalize(NormalizationForm.FormC)) : null;
    }

    /// <summary>Trimmed and lowercased (Meta recommends hashing it).</summary>
    public static string? ExternalId(string? raw) =>
        raw?.Trim() is { Length: > 0 } x ? (IsHash(x) ? x : Sha256(x.ToLowerInvariant())) : null;

    public static bool IsHash(string value) => value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string Sha256(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
}
