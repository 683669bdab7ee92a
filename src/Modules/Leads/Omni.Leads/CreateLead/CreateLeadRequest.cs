using System.Text.Json;
using FluentValidation;
using Omni.Platform.OpenApi;
using Omni.Platform.Http;

namespace Omni.Leads.CreateLead;

/// <summary>A new lead. Without <c>stage_id</c> it goes to the first stage of kind <c>status</c> (open by
/// default) of <c>pipeline_id</c>, or of the org's default pipeline. With a <c>contact_id</c>, its first and
/// last touch are filled from the contact's tracked history.</summary>
internal sealed record CreateLeadRequest(
    string Title,
    Guid? PipelineId,
    Guid? StageId,
    string? Status,
    string? LostReason,
    Guid? ContactId,
    decimal? Value,
    string? Currency,
    string? Source,
    Guid? AssigneeId,
    DateOnly? ExpectedCloseDate,
    JsonElement? CustomFields) : IHasExample<CreateLeadRequest>
{
    public static CreateLeadRequest Example => new("Acme: 50 seats", null, null, null, null, null, 12500m, "BRL", "website", null,
        new DateOnly(2026, 3, 31), JsonSerializer.SerializeToElement(new { plan = "business" }));
}

internal sealed class CreateLeadValidator : AbstractValidator<CreateLeadRequest>
{
    public CreateLeadValidator()
    {
        RuleFor(r => r.Title).NotEmpty().Must(t => t is null || t.Trim().Length <= LeadFieldRules.MaxTitle).WithMessage($"title is at most {LeadFieldRules.MaxTitle} characters.");
        RuleFor(r => r.Status).ValidStatus();
        RuleFor(r => r.LostReason).MaximumLength(LeadFieldRules.MaxLostReason);
        RuleFor(r => r.Value).ValidValue();
        RuleFor(r => r.Currency).ValidCurrency();
        RuleFor(r => r.Currency).NotEmpty().When(r => r.Value is not null).WithMessage("currency is required with a value.");
        RuleFor(r => r.Source).MaximumLength(LeadFieldRules.MaxSource);
        RuleFor(r => r.CustomFields).ValidCustomFields();
    }
}
