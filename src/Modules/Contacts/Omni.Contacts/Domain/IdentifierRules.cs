using System.Text;
using System.Text.RegularExpressions;
using Omni.Contacts.Contracts;

namespace Omni.Contacts.Domain;

/// <summary>How identifier values are normalized before they are stored or matched: phones to E.164
/// (<c>+</c> and 7 to 15 digits; a number without <c>+</c> or <c>00</c> is taken to include its country
/// code, as WhatsApp ids do), emails lower-cased, handles lower-cased with their <c>@</c>.</summary>
internal static partial class IdentifierRules
{
    public static bool TryNormalize(string type, string? raw, out string normalized, out string error)
    {
        normalized = "";
        error = "";
        var value = raw?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = "value is empty.";
            return false;
        }
        switch (type)
        {
            case ContactIdentifierTypes.Phone or ContactIdentifierTypes.WhatsApp or ContactIdentifierTypes.Signal:
                return TryPhone(value, out normalized, out error);
            case ContactIdentifierTypes.Email:
                normalized = value.ToLowerInvariant();
                if (normalized.Length <= 320 && EmailPattern().IsMatch(normalized)) return true;
                error = $"'{value}' is not an email address.";
                return false;
            case ContactIdentifierTypes.Telegram:
                normalized = value.ToLowerInvariant();
                if (TelegramPattern().IsMatch(normalized)) return true;
                error = "a Telegram identifier is a numeric user or chat id (groups' are negative) or an @username of 5 to 32 letters, digits or _.";
                return false;
            case ContactIdentifierTypes.Instagram:
                normalized = value.ToLowerInvariant();
                if (InstagramPattern().IsMatch(normalized)) return true;
                error = "an Instagram identifier is a numeric id or an @handle of up to 30 letters, digits, . or _.";
                return false;
            case ContactIdentifierTypes.WeChat or ContactIdentifierTypes.External:
                normalized = value;
                if (value.Length <= 255) return true;
                error = "value is longer than 255 characters.";
                return false;
            default:
                error = $"type must be one of {string.Join(", ", ContactIdentifierTypes.All)}.";
                return false;
        }
    }

    public static bool IsPhoneLike(string type) => ContactIdentifierTypes.PhoneLike.Contains(type);

    /// <summary>The last 10 digits, the ingest contract's fallback match (null for shorter numbers).</summary>
    public static string? Last10(string e164)
    {
        var digits = e164.TrimStart('+');
        return digits.Length >= 10 ? digits[^10..] : null;
    }

    private static bool TryPhone(string value, out string normalized, out string error)
    {
        normalized = "";
        error = $"'{value}' is not a phone number: use the international format, e.g. +5511987654321.";
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c)) sb.Append(c);
            else if (c == '+' && sb.Length == 0) sb.Append(c);
            else if (c is not (' ' or '-' or '(' or ')' or '.' or '/')) return false;
        }
        var text = sb.ToString();
        if (text.StartsWith("00", StringComparison.Ordinal)) text = "+" + text[2..];
        if (!text.StartsWith('+')) text = "+" + text;
        var digits = text.Length - 1;
        if (digits is < 7 or > 15 || text[1] == '0') return false;
        normalized = text;
        return true;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^(-?\d{1,20}|@[a-z0-9_]{5,32})$")]
    private static partial Regex TelegramPattern();

    [GeneratedRegex(@"^(\d{1,30}|@[a-z0-9._]{1,30})$")]
    private static partial Regex InstagramPattern();
}
