using System.Net;

namespace Omni.Tracking.Domain;

/// <summary>One row of <c>tracking.events</c>.</summary>
internal sealed class TrackedEvent
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid SourceId { get; set; }
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "track";
    public string Name { get; set; } = "";
    public string? AnonymousId { get; set; }
    public Guid? ContactId { get; set; }
    public string Properties { get; set; } = "{}";
    public string Context { get; set; } = "{}";
    public string? Url { get; set; }
    public IPAddress? Ip { get; set; }
    public string? UserAgent { get; set; }
    public bool IsBot { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
