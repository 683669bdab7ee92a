namespace Omni.Tracking.Segments;

internal sealed record SegmentResponse(Guid Id, string Name, SegmentRules Rules, int MemberCount, DateTimeOffset? RefreshedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
