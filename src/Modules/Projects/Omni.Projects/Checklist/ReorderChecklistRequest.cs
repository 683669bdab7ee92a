using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Checklist;

/// <summary>Every item of the task's checklist, once each, in the new order.</summary>
internal sealed record ReorderChecklistRequest(List<Guid> ItemIds) : IHasExample<ReorderChecklistRequest>
{
    public static ReorderChecklistRequest Example => new([Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7fb2"), Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7fb1")]);
}

internal sealed class ReorderChecklistValidator : AbstractValidator<ReorderChecklistRequest>
{
    public ReorderChecklistValidator() =>
        RuleFor(r => r.ItemIds).NotNull().Must(ids => ids is null || (ids.Count <= ProjectLimits.ChecklistItems && ids.Distinct().Count() == ids.Count))
            .WithMessage($"item_ids lists at most {ProjectLimits.ChecklistItems} distinct item ids.");
}
