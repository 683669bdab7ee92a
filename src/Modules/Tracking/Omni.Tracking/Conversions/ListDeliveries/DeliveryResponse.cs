using Omni.Tracking.Domain;

namespace Omni.Tracking.Conversions.ListDeliveries;

/// <summary>A delivery to the Conversions API: <c>event_row_id</c> is the tracked event (null for a conversion
/// reported by another module); <c>error_code</c>/<c>last_error</c> say why the last try failed; <c>fbtrace_id</c>
/// is Meta's id of the request, for its support.</summary>
internal sealed record DeliveryResponse(
    Guid Id,
    Guid SourceId,
    Guid? EventRowId,
    string EventId,
    string EventName,
    string Status,
    int Attempts,
    string? ErrorCode,
    string? LastError,
    string? FbtraceId,
    string? TestEventCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset UpdatedAt)
{
    public static DeliveryResponse From(CapiDelivery d) => new(d.Id, d.SourceId, d.EventRowId, d.EventId, d.EventName, d.Status, d.Attempts,
        d.ErrorCode, d.LastError, d.FbtraceId, d.TestEventCode, d.CreatedAt, d.SentAt, d.UpdatedAt);
}
