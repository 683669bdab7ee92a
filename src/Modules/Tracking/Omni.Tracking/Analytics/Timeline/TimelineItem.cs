using Omni.Messaging.Contracts;
using Omni.Tracking.Analytics.Events;

namespace Omni.Tracking.Analytics.Timeline;

/// <summary>One entry of a contact's timeline: <c>kind</c> <c>event</c> (with <c>event</c>) or <c>message</c> (with <c>message</c>).</summary>
internal sealed record TimelineItem(string Kind, Guid Id, DateTimeOffset At, EventResponse? Event, ContactMessage? Message);
