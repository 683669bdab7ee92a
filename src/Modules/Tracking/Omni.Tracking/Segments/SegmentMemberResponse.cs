namespace Omni.Tracking.Segments;

internal sealed record SegmentMemberResponse(Guid ContactId, DateTimeOffset EnteredAt);
