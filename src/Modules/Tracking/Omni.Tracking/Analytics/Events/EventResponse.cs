using Omni.Platform.Http;

namespace Omni.Tracking.Analytics.Events;

/// <summary>A tracked event as the analytics reads show it.</summary>
internal sealed record EventResponse(Guid Id, Guid SourceId, string EventId, string Type, string Name, string? AnonymousId, Guid? ContactId,
    RawJson<Dictionary<string, object>> Properties, RawJson<Dictionary<string, object>> Context, string? Url, DateTimeOffset OccurredAt);
