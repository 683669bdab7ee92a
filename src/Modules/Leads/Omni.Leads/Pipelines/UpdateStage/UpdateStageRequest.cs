using FluentValidation;
using Omni.Leads.Domain;
using Omni.Platform.OpenApi;

namespace Omni.Leads.Pipelines.UpdateStage;

/// <summary>Renames a stage or changes its kind (the status of its leads follows).</summary>
internal sealed record UpdateStageRequest(string? Name, string? Kind) : IHasExample<UpdateStageRequest>
{
    public static UpdateStageRequest Example => new("Proposal", null);
}

internal sealed class UpdateStageValidator : AbstractValidator<UpdateStageRequest>
{
    public UpdateStageValidator()
    {
        RuleFor(r => r.Name).Must(n => n is null || n.Trim().Length is > 0 and <= 100).WithMessage("name must be 1 to 100 characters.");
        RuleFor(r => r.Kind).Must(k => k is null || LeadStatuses.IsValid(k)).WithMessage("kind must be open, won or lost.");
    }
}
