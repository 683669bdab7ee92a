using FluentValidation;
using Omni.Leads.Domain;
using Omni.Platform.OpenApi;

namespace Omni.Leads.Pipelines.AddStage;

/// <summary>A new stage: at <c>position</c> (1 is first; the stages from there move one down), or last.</summary>
internal sealed record AddStageRequest(string Name, string Kind, int? Position) : IHasExample<AddStageRequest>
{
    public static AddStageRequest Example => new("Proposal sent", "open", null);
}

internal sealed class AddStageValidator : AbstractValidator<AddStageRequest>
{
    public AddStageValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Kind).Must(LeadStatuses.IsValid).WithMessage("kind must be open, won or lost.");
        RuleFor(r => r.Position).InclusiveBetween(1, 50);
    }
}
