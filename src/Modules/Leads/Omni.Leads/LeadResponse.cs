using System.Text.Json;
using Omni.Leads.Domain;
using Omni.Platform.Http;

namespace Omni.Leads;

/// <summary>Where a contact came from when the lead got it: the campaign (utm), referrer, landing page and
/// Meta click id of its first and last tracked touch.</summary>
internal sealed record TouchResponse(DateTimeOffset At, string? UtmSource, string? UtmMedium, string? UtmCampaign, string? UtmTerm,
    string? UtmContent, string? Referrer, string? LandingUrl, string? Fbc);

internal sealed record LeadResponse(
    Guid Id,
    Guid PipelineId,
    Guid StageId,
    string Title,
    Guid? ContactId,
    decimal? Value,
    string? Currency,
    string? Source,
    string Status,
    string? LostReason,
    Guid? AssigneeId,
    DateOnly? ExpectedCloseDate,
    RawJson<Dictionary<string, JsonElement>> CustomFields,
    RawJson<TouchResponse>? FirstTouch,
    RawJson<TouchResponse>? LastTouch,
    Guid? CreatedBy,
    DateTimeOffset StageEnteredAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static LeadResponse From(Lead l) => new(
        l.Id, l.PipelineId, l.StageId, l.Title, l.ContactId, l.Value, l.Currency, l.Source, l.Status, l.LostReason, l.AssigneeId,
        l.ExpectedCloseDate, new RawJson<Dictionary<string, JsonElement>>(l.CustomFields),
        l.FirstTouch is null ? null : new RawJson<TouchResponse>(l.FirstTouch),
        l.LastTouch is null ? null : new RawJson<TouchResponse>(l.LastTouch),
        l.CreatedBy, l.StageEnteredAt, l.ClosedAt, l.CreatedAt, l.UpdatedAt);

    public static KeysetCursor Key(Lead l) => new(l.CreatedAt, l.Id);
}
