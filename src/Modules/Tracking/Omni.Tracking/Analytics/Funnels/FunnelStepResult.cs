namespace Omni.Tracking.Analytics.Funnels;

/// <summary>How many people reached a step; the share of the previous step's and of the first step's (null when those are 0).</summary>
internal sealed record FunnelStepResult(int Step, string Name, long Count, double? ConversionFromPrevious, double? ConversionFromFirst);
