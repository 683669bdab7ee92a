namespace Omni.Tracking.Analytics.Events;

/// <summary>Filters of the event list; null means any.</summary>
internal sealed record EventFilter(string? Name, string? Type, Guid? SourceId, Guid? ContactId, string? AnonymousId, DateTimeOffset? From, DateTimeOffset? To);
