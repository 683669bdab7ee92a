using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Columns;

/// <summary>Renames a column or changes whether its tasks count as completed.</summary>
internal sealed record UpdateColumnRequest(string? Name, bool? IsDone) : IHasExample<UpdateColumnRequest>
{
    public static UpdateColumnRequest Example => new("Code review", null);
}

internal sealed class UpdateColumnValidator : AbstractValidator<UpdateColumnRequest>
{
    public UpdateColumnValidator()
    {
        RuleFor(r => r).Must(r => r.Name is not null || r.IsDone is not null).OverridePropertyName("body")
            .WithMessage("Give name or is_done.");
        RuleFor(r => r.Name).Must(n => n is null || n.Trim().Length is > 0 and <= ProjectLimits.ColumnNameLength)
            .WithMessage($"name is 1 to {ProjectLimits.ColumnNameLength} characters.");
    }
}
