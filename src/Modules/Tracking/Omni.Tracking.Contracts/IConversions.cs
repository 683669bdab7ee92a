namespace Omni.Tracking.Contracts;

/// <summary>Conversions other modules report (a lead won, a lead reaching a chosen stage): sent to Meta's
/// Conversions API for every source of the org that has a pixel, with the contact's hashed identifiers and
/// click ids (fbc/fbp) from its tracked history. Queued in the caller's transaction (outbox).</summary>
public interface IConversions
{
    Task ReportAsync(ConversionReport report, CancellationToken ct);
}

/// <summary><paramref name="EventId"/> identifies the conversion for deduplication (e.g. <c>lead-{id}-won</c>);
/// <paramref name="EventName"/> is Meta's name (<c>Lead</c>, <c>Purchase</c>, or a custom one).</summary>
public sealed record ConversionReport(Guid ContactId, string EventId, string EventName, decimal? Value, string? Currency,
    DateTimeOffset OccurredAt, IReadOnlyDictionary<string, string>? CustomData = null);
