namespace Omni.Tracking.Conversions;

/// <summary>One Conversions API request's worth of deliveries, all of one source (one pixel).</summary>
internal sealed record CapiForwardPayload(Guid SourceId, IReadOnlyList<Guid> DeliveryIds);
