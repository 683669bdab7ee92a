using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Checklist;

/// <summary><c>position</c>: 1 for the first item; by default the item goes last.</summary>
internal sealed record AddChecklistItemRequest(string Text, int? Position) : IHasExample<AddChecklistItemRequest>
{
    public static AddChecklistItemRequest Example => new("Send the signed contract", null);
}

internal sealed class AddChecklistItemValidator : AbstractValidator<AddChecklistItemRequest>
{
    public AddChecklistItemValidator()
    {
        RuleFor(r => r.Text).NotEmpty().Must(t => t is null || t.Trim().Length is > 0 and <= ProjectLimits.ChecklistTextLength)
            .WithMessage($"text is 1 to {ProjectLimits.ChecklistTextLength} characters.");
        RuleFor(r => r.Position).GreaterThanOrEqualTo(1);
    }
}
