namespace Omni.Tracking.Analytics.Funnels;

/// <summary>A funnel step: an event <c>name</c>, optionally only where <c>properties[property_key]</c> equals <c>property_value</c>.</summary>
internal sealed record FunnelStep(string Name, string? PropertyKey = null, string? PropertyValue = null);
