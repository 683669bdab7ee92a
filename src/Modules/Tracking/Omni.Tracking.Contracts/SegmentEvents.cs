using Omni.Platform.Events;

namespace Omni.Tracking.Contracts;

/// <summary>A contact now matches a saved segment's rules (found by a refresh).</summary>
[IntegrationEvent("segment.entered")]
public sealed record SegmentEntered(Guid OrgId, Guid SegmentId, Guid ContactId, DateTimeOffset At) : IIntegrationEvent;

/// <summary>A contact no longer matches a saved segment's rules (found by a refresh).</summary>
[IntegrationEvent("segment.exited")]
public sealed record SegmentExited(Guid OrgId, Guid SegmentId, Guid ContactId, DateTimeOffset At) : IIntegrationEvent;
