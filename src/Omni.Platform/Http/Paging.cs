using System.Buffers.Binary;
using System.Buffers.Text;

namespace Omni.Platform.Http;

/// <summary>A page of a keyset-paginated list; <c>next_cursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>An opaque keyset position: the sort timestamp and the id that breaks ties.</summary>
public readonly record struct KeysetCursor(DateTimeOffset At, Guid Id)
{
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, At.UtcTicks);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? value, out KeysetCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 64) return false;
        Span<byte> bytes = stackalloc byte[48];
        int written;
        try
        {
            if (!Base64Url.TryDecodeFromChars(value, bytes, out written) || written != 24) return false;
        }
        catch (FormatException)
        {
            return false; // it throws, rather than answers false, for some malformed input
        }
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        cursor = new KeysetCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..24], bigEndian: true));
        return true;
    }
}

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Checks <c>limit</c> and <c>cursor</c>; a bad one ends the request with a 400 naming the field.</summary>
    public static (int Limit, KeysetCursor? Cursor) Read(int? limit, string? cursor)
    {
        var l = limit ?? DefaultLimit;
        if (l is < 1 or > MaxLimit)
            throw new ApiException(400, "validation_failed", $"limit must be between 1 and {MaxLimit}.");
        if (cursor is null) return (l, null);
        if (!KeysetCursor.TryDecode(cursor, out var c))
            throw new ApiException(400, "invalid_cursor", "cursor is not one this API returned.");
        return (l, c);
    }

    /// <summary>Builds the page from <paramref name="rows"/> fetched with limit + 1.</summary>
    public static Page<TOut> ToPage<TRow, TOut>(IReadOnlyList<TRow> rows, int limit, Func<TRow, KeysetCursor> key, Func<TRow, TOut> map)
    {
        var more = rows.Count > limit;
        var items = (more ? rows.Take(limit) : rows).Select(map).ToList();
        return new Page<TOut>(items, more ? key(rows[limit - 1]).Encode() : null);
    }
}
