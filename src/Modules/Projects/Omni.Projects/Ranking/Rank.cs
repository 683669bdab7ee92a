using System.Text;

namespace Omni.Projects.Ranking;

/// <summary>Fractional ranks: base-62 strings ordered byte by byte (ordinal, collation "C" in Postgres), so a
/// key can always be made between two others and a move rewrites one row. The scheme is David Greenspan's
/// "fractional indexing": a key is an integer part, whose first letter gives its length ("a0".."az",
/// "b00".."bzz", ...; upper-case letters for the negative side), followed by a fraction that never ends in
/// "0". Appending at either end grows keys logarithmically; repeated inserts into one gap grow them by about
/// one character every six inserts, which <see cref="NeedsRebalance"/> catches.</summary>
internal static class Rank
{
    public const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A key longer than this triggers a rebalance of the keys around it.</summary>
    public const int RebalanceLength = 24;

    /// <summary>The longest key the database accepts.</summary>
    public const int MaxLength = 128;

    private const char Zero = '0';
    private static readonly string SmallestInteger = "A" + new string(Zero, 26);

    public static bool NeedsRebalance(string key) => key.Length > RebalanceLength;

    /// <summary>A key strictly between <paramref name="a"/> and <paramref name="b"/>; null stands for the
    /// start (for <paramref name="a"/>) or the end (for <paramref name="b"/>) of the column.</summary>
    public static string Between(string? a, string? b)
    {
        if (a is not null) Validate(a);
        if (b is not null) Validate(b);
        if (a is not null && b is not null && string.CompareOrdinal(a, b) >= 0)
            throw new ArgumentException($"rank '{a}' is not before '{b}'.");

        if (a is null)
        {
            if (b is null) return "a" + Zero;
            var ib = IntegerPart(b);
            var fb = b[ib.Length..];
            if (ib == SmallestInteger) return ib + Midpoint("", fb);
            if (string.CompareOrdinal(ib, b) < 0) return ib;
            return Decrement(ib) ?? throw new InvalidOperationException("No rank before " + b);
        }
        if (b is null)
        {
            var ia = IntegerPart(a);
            var fa = a[ia.Length..];
            return Increment(ia) ?? ia + Midpoint(fa, null);
        }
        var intA = IntegerPart(a);
        var fracA = a[intA.Length..];
        var intB = IntegerPart(b);
        var fracB = b[intB.Length..];
        if (intA == intB) return intA + Midpoint(fracA, fracB);
        var next = Increment(intA) ?? throw new InvalidOperationException("No rank after " + a);
        return string.CompareOrdinal(next, b) < 0 ? next : intA + Midpoint(fracA, null);
    }

    /// <summary><paramref name="count"/> keys in order, strictly between <paramref name="a"/> and
    /// <paramref name="b"/>, spread by bisection so they stay short.</summary>
    public static List<string> Spread(string? a, string? b, int count)
    {
        var keys = new List<string>(count);
        Fill(a, b, count, keys);
        return keys;
    }

    private static void Fill(string? a, string? b, int count, List<string> into)
    {
        if (count <= 0) return;
        var mid = Between(a, b);
        var left = count / 2;
        Fill(a, mid, left, into);
        into.Add(mid);
        Fill(mid, b, count - left - 1, into);
    }

    public static bool IsValid(string key)
    {
        try
        {
            Validate(key);
            return key.Length <= MaxLength;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Validate(string key)
    {
        if (key.Length == 0 || key == SmallestInteger || key.Any(c => Digits.IndexOf(c, StringComparison.Ordinal) < 0))
            throw new ArgumentException($"invalid rank '{key}'.");
        var integer = IntegerPart(key);
        if (key.Length > integer.Length && key[^1] == Zero) throw new ArgumentException($"invalid rank '{key}' (trailing zero).");
    }

    private static int IntegerLength(char head) => head switch
    {
        >= 'a' and <= 'z' => head - 'a' + 2,
        >= 'A' and <= 'Z' => 'Z' - head + 2,
        _ => throw new ArgumentException($"invalid rank head '{head}'."),
    };

    private static string IntegerPart(string key)
    {
        var length = IntegerLength(key[0]);
        if (length > key.Length) throw new ArgumentException($"invalid rank '{key}' (integer part too short).");
        return key[..length];
    }

    /// <summary>A fraction strictly between <paramref name="a"/> and <paramref name="b"/> (null: 1).</summary>
    private static string Midpoint(string a, string? b)
    {
        if (b is not null)
        {
            var n = 0;
            while ((n < a.Length ? a[n] : Zero) == b[n]) n++;
            if (n > 0) return b[..n] + Midpoint(a[Math.Min(n, a.Length)..], b[n..]);
        }
        var digitA = a.Length > 0 ? Digits.IndexOf(a[0], StringComparison.Ordinal) : 0;
        var digitB = b is not null ? Digits.IndexOf(b[0], StringComparison.Ordinal) : Digits.Length;
        if (digitB - digitA > 1) return Digits[(int)Math.Round(0.5 * (digitA + digitB), MidpointRounding.AwayFromZero)].ToString();
        if (b is { Length: > 1 }) return b[..1];
        return Digits[digitA] + Midpoint(a.Length > 0 ? a[1..] : "", null);
    }

    private static string? Increment(string integer)
    {
        var head = integer[0];
        var digits = new StringBuilder(integer[1..]);
        var carry = true;
        for (var i = digits.Length - 1; carry && i >= 0; i--)
        {
            var d = Digits.IndexOf(digits[i], StringComparison.Ordinal) + 1;
            if (d == Digits.Length) digits[i] = Zero;
            else
            {
                digits[i] = Digits[d];
                carry = false;
            }
        }
        if (!carry) return head + digits.ToString();
        if (head == 'Z') return "a" + Zero;
        if (head == 'z') return null;
        var h = (char)(head + 1);
        if (h > 'a') digits.Append(Zero);
        else digits.Length--;
        return h + digits.ToString();
    }

    private static string? Decrement(string integer)
    {
        var head = integer[0];
        var digits = new StringBuilder(integer[1..]);
        var borrow = true;
        for (var i = digits.Length - 1; borrow && i >= 0; i--)
        {
            var d = Digits.IndexOf(digits[i], StringComparison.Ordinal) - 1;
            if (d == -1) digits[i] = Digits[^1];
            else
            {
                digits[i] = Digits[d];
                borrow = false;
            }
        }
        if (!borrow) return head + digits.ToString();
        if (head == 'a') return "Z" + Digits[^1];
        if (head == 'A') return null;
        var h = (char)(head - 1);
        if (h < 'Z') digits.Append(Digits[^1]);
        else digits.Length--;
        return h + digits.ToString();
    }
}
