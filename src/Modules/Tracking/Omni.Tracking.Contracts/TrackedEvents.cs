using Omni.Platform.Events;

namespace Omni.Tracking.Contracts;

/// <summary>A contact did a tracked event whose name some module watches (<see cref="ITrackedEventWatch"/>):
/// raised once per stored event, when it is stored for a known contact or when its visitor is identified.</summary>
[IntegrationEvent("tracking.event_tracked")]
public sealed record EventTracked(Guid OrgId, Guid ContactId, Guid SourceId, string EventId, string Name, DateTimeOffset At) : IIntegrationEvent;

/// <summary>Which event names raise <see cref="EventTracked"/>. Intake stays cheap for everything else: page
/// views and clicks of anonymous visitors raise nothing. Runs in the caller's unit of work and org.</summary>
public interface ITrackedEventWatch
{
    /// <summary>Replaces the names <paramref name="watcher"/> (a module's name) watches in the current org; an
    /// empty list stops watching. Names compare exactly (<c>Lead</c> is not <c>lead</c>).</summary>
    Task WatchAsync(string watcher, IReadOnlyCollection<string> names, CancellationToken ct);
}

/// <summary>Where a contact came from, as its tracked history tells.</summary>
public interface IContactAttribution
{
    /// <summary>The contact's first and last touch: the earliest and the latest of its tracked events that
    /// carry a campaign (<c>utm_*</c>), a Meta click id or a referrer; null when none does.</summary>
    Task<ContactAttribution?> GetAsync(Guid contactId, CancellationToken ct);
}

public sealed record ContactAttribution(Touch FirstTouch, Touch LastTouch);

/// <summary>One touch: when, the campaign's utm values, the referrer and the page it landed on.</summary>
public sealed record Touch(DateTimeOffset At, string? UtmSource, string? UtmMedium, string? UtmCampaign, string? UtmTerm,
    string? UtmContent, string? Referrer, string? LandingUrl, string? Fbc);
