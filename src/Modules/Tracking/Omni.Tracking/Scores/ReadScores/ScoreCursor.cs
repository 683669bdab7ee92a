using Omni.Platform.Http;

namespace Omni.Tracking.Scores.ReadScores;

/// <summary>The ranked list's position (score, contact id) in the API's opaque cursor: a score in 0..1 is a
/// non-negative float, whose bits order as the floats do, so they stand in for the cursor's timestamp exactly.</summary>
internal static class ScoreCursor
{
    public static string Encode(float score, Guid contactId) =>
        new KeysetCursor(new DateTimeOffset(BitConverter.SingleToInt32Bits(score), TimeSpan.Zero), contactId).Encode();

    public static (float, Guid)? From(KeysetCursor? cursor) =>
        cursor is { } c ? (BitConverter.Int32BitsToSingle((int)c.At.UtcTicks), c.Id) : null;
}
