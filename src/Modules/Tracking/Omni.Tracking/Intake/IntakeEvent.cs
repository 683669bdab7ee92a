namespace Omni.Tracking.Intake;

/// <summary>One event as received, checked and ready to store. <see cref="Traits"/>: identify's email,
/// phone, external_id and name.</summary>
internal sealed record IntakeEvent(
    string EventId,
    string Type,
    string Name,
    string? AnonymousId,
    string PropertiesJson,
    string ContextJson,
    string? Url,
    DateTimeOffset OccurredAt,
    IdentifyTraits? Traits);

internal sealed record IdentifyTraits(string? Email, string? Phone, string? ExternalId, string? Name);
