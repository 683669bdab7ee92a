using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Leads.Pipelines.ReorderStages;

/// <summary>Every stage of the pipeline, each once, in the new board order.</summary>
internal sealed record ReorderStagesRequest(List<Guid> StageIds) : IHasExample<ReorderStagesRequest>
{
    public static ReorderStagesRequest Example => new([Guid.Parse("0193a1b2-0000-7000-8000-000000000002"), Guid.Parse("0193a1b2-0000-7000-8000-000000000001")]);
}

internal sealed class ReorderStagesValidator : AbstractValidator<ReorderStagesRequest>
{
    public ReorderStagesValidator()
    {
        RuleFor(r => r.StageIds).NotNull().Must(ids => ids is { Count: >= 1 and <= 50 } && ids.Distinct().Count() == ids.Count)
            .WithMessage("stage_ids: 1 to 50 distinct stage ids.");
    }
}
