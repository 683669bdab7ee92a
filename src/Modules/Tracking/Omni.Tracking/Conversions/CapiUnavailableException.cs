namespace Omni.Tracking.Conversions;

/// <summary>Meta could not take the batch now (5xx, transient code, no answer): the job fails this attempt
/// and runs again with backoff.</summary>
internal sealed class CapiUnavailableException(string message) : Exception(message);
