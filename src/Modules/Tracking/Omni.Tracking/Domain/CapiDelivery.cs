namespace Omni.Tracking.Domain;

/// <summary>One row of <c>tracking.capi_deliveries</c>: an event on its way to Meta's Conversions API.
/// A tracked event is read from <see cref="EventRowId"/> at send time; a reported conversion carries its
/// server event in <see cref="Payload"/>.</summary>
internal sealed class CapiDelivery
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid SourceId { get; set; }
    public Guid? EventRowId { get; set; }
    public string EventId { get; set; } = "";
    public string EventName { get; set; } = "";
    public string Status { get; set; } = CapiStatus.Pending;
    public int Attempts { get; set; }
    public string? TestEventCode { get; set; }
    public string? FbtraceId { get; set; }
    public string? ErrorCode { get; set; }
    public string? LastError { get; set; }
    public string? Response { get; set; }
    public string? Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
