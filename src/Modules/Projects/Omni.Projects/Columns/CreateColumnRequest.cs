using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Columns;

/// <summary><c>position</c>: 1 for the leftmost; by default the column goes last. <c>is_done</c>: tasks in it
/// count as completed.</summary>
internal sealed record CreateColumnRequest(string Name, int? Position, bool? IsDone) : IHasExample<CreateColumnRequest>
{
    public static CreateColumnRequest Example => new("Review", null, false);
}

internal sealed class CreateColumnValidator : AbstractValidator<CreateColumnRequest>
{
    public CreateColumnValidator()
    {
        RuleFor(r => r.Name).NotEmpty().Must(n => n is null || n.Trim().Length is > 0 and <= ProjectLimits.ColumnNameLength)
            .WithMessage($"name is 1 to {ProjectLimits.ColumnNameLength} characters.");
        RuleFor(r => r.Position).GreaterThanOrEqualTo(1);
    }
}
