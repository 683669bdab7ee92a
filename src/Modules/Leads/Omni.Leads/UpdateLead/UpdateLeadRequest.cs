using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Omni.Platform.Http;
using Omni.Platform.OpenApi;

namespace Omni.Leads.UpdateLead;

/// <summary>Fields left out stay as they are; <c>null</c> clears the optional ones. <c>stage_id</c> moves the
/// lead (its status follows the stage's kind); <c>status</c> alone moves it to the pipeline's first stage of
/// that kind; <c>pipeline_id</c> alone to the new pipeline's first open stage. <c>lost_reason</c> is kept on
/// lost leads only. <c>custom_fields</c> is merged key by key; a key set to null is removed. A field this
/// request does not know is refused (a misspelt field would otherwise change nothing, silently).</summary>
internal sealed record UpdateLeadRequest(
    string? Title,
    Guid? PipelineId,
    Guid? StageId,
    string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> LostReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<Guid?> ContactId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<decimal?> Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> Currency,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<Guid?> AssigneeId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<DateOnly?> ExpectedCloseDate,
    JsonElement? CustomFields) : IHasExample<UpdateLeadRequest>
{
    public static UpdateLeadRequest Example => new("Acme: 80 seats", null, null, null, default, default, 19900m, "BRL", default, default,
        new DateOnly(2026, 4, 30), JsonSerializer.SerializeToElement(new { plan = "enterprise" }));

    /// <summary>Fields the request does not know, kept only to refuse them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }
}

internal sealed class UpdateLeadValidator : AbstractValidator<UpdateLeadRequest>
{
    public UpdateLeadValidator()
    {
        RuleFor(r => r.Title).Must(t => t is null || t.Trim().Length is > 0 and <= LeadFieldRules.MaxTitle)
            .WithMessage($"title must be 1 to {LeadFieldRules.MaxTitle} characters.");
        RuleFor(r => r.Status).ValidStatus();
        RuleFor(r => r.LostReason.Value).MaximumLength(LeadFieldRules.MaxLostReason).OverridePropertyName("lost_reason");
        RuleFor(r => r.Value.Value).ValidValue().OverridePropertyName("value");
        RuleFor(r => r.Currency.Value).ValidCurrency().OverridePropertyName("currency");
        RuleFor(r => r.Source.Value).MaximumLength(LeadFieldRules.MaxSource).OverridePropertyName("source");
        RuleFor(r => r.CustomFields).ValidCustomFields();
        RuleFor(r => r.Unknown).Must(u => u is null || u.Count == 0)
            .WithMessage(r => $"Unknown fields: {string.Join(", ", r.Unknown!.Keys)}.").OverridePropertyName("body");
    }
}
