using System.Buffers.Binary;
using System.Buffers.Text;
using Omni.Platform.Http;

namespace Omni.Messaging.Inbox;

/// <summary>A position in a list ordered by <c>last_message_at desc nulls last, id desc</c>. Conversations
/// without any message (<see cref="At"/> null) come after all others, so the cursor says which part of the
/// list it is in: among dated rows (older ones follow, then every undated one) or among undated ones (only
/// undated rows with a smaller id follow).</summary>
internal readonly record struct ActivityCursor(DateTimeOffset? At, Guid Id)
{
    private const int Size = 25;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = At is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], At?.UtcTicks ?? 0);
        Id.TryWriteBytes(bytes[9..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads <c>cursor</c>; one this API did not return ends the request with 400 <c>invalid_cursor</c>.</summary>
    public static ActivityCursor? Read(string? value)
    {
        if (value is null) return null;
        Span<byte> bytes = stackalloc byte[48];
        int written;
        try
        {
            if (value.Length > 64 || !Base64Url.TryDecodeFromChars(value, bytes, out written)) throw Invalid();
        }
        catch (FormatException)
        {
            // Base64Url.TryDecodeFromChars throws, rather than answers false, for some malformed input.
            throw Invalid();
        }
        if (written != Size || bytes[0] > 1) throw Invalid();
        var id = new Guid(bytes[9..Size], bigEndian: true);
        if (bytes[0] == 0) return new ActivityCursor(null, id);
        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) throw Invalid();
        return new ActivityCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
    }

    private static ApiException Invalid() => new(400, "invalid_cursor", "cursor is not one this API returned.");
}
