using FluentValidation;
using Omni.Leads.Domain;
using Omni.Platform.OpenApi;

namespace Omni.Leads.Pipelines.CreatePipeline;

internal sealed record StageInput(string Name, string Kind);

/// <summary>A pipeline and its stages in board order (by default: New, Won, Lost). <c>conversion_event</c>
/// (e.g. <c>Purchase</c>) turns on reporting won leads to the Conversions API.</summary>
internal sealed record CreatePipelineRequest(string Name, List<StageInput>? Stages, string? ConversionEvent) : IHasExample<CreatePipelineRequest>
{
    public static CreatePipelineRequest Example => new("Enterprise sales",
        [new("Discovery", "open"), new("Demo", "open"), new("Negotiation", "open"), new("Won", "won"), new("Lost", "lost")], "Purchase");
}

internal sealed class CreatePipelineValidator : AbstractValidator<CreatePipelineRequest>
{
    public CreatePipelineValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Stages).Must(s => s is null || s.Count is >= 1 and <= 50).WithMessage("stages: 1 to 50.");
        RuleForEach(r => r.Stages).ChildRules(s =>
        {
            s.RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
            s.RuleFor(x => x.Kind).Must(LeadStatuses.IsValid).WithMessage("kind must be open, won or lost.");
        });
        RuleFor(r => r.ConversionEvent).MaximumLength(100).Must(e => e is null || e.Trim().Length > 0).WithMessage("conversion_event must not be blank.");
    }
}
