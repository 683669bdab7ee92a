namespace Omni.Tracking.Segments;

/// <summary>What a refresh changed: contacts that entered and exited, and the members now.</summary>
internal sealed record RefreshResponse(Guid SegmentId, int Entered, int Exited, int MemberCount, double TookMs);
