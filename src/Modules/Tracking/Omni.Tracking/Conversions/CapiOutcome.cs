namespace Omni.Tracking.Conversions;

internal enum CapiOutcomeKind { Sent, Throttled, Transient, InvalidToken, Rejected }

/// <summary>What an answer means for the batch: <see cref="Code"/> is the delivery's stable error code.</summary>
internal sealed record CapiOutcome(CapiOutcomeKind Kind, string? Code, string? Text);
