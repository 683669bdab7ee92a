using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Checklist;

/// <summary>Edits an item's text or ticks it (<c>is_done</c>).</summary>
internal sealed record UpdateChecklistItemRequest(string? Text, bool? IsDone) : IHasExample<UpdateChecklistItemRequest>
{
    public static UpdateChecklistItemRequest Example => new(null, true);
}

internal sealed class UpdateChecklistItemValidator : AbstractValidator<UpdateChecklistItemRequest>
{
    public UpdateChecklistItemValidator()
    {
        RuleFor(r => r).Must(r => r.Text is not null || r.IsDone is not null).OverridePropertyName("body").WithMessage("Give text or is_done.");
        RuleFor(r => r.Text).Must(t => t is null || t.Trim().Length is > 0 and <= ProjectLimits.ChecklistTextLength)
            .WithMessage($"text is 1 to {ProjectLimits.ChecklistTextLength} characters.");
    }
}
