namespace Omni.Tracking.Analytics.Funnels;

internal sealed record FunnelResponse(DateTimeOffset From, DateTimeOffset To, int WindowHours, IReadOnlyList<FunnelStepResult> Steps);
