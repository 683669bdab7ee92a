using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.Columns;

/// <summary>Every column of the project, once each, left to right.</summary>
internal sealed record ReorderColumnsRequest(List<Guid> ColumnIds) : IHasExample<ReorderColumnsRequest>
{
    public static ReorderColumnsRequest Example => new([
        Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7f81"), Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7f82"),
        Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7f83")]);
}

internal sealed class ReorderColumnsValidator : AbstractValidator<ReorderColumnsRequest>
{
    public ReorderColumnsValidator() =>
        RuleFor(r => r.ColumnIds).NotNull().Must(ids => ids is null || (ids.Count is > 0 and <= ProjectLimits.ColumnsPerProject && ids.Distinct().Count() == ids.Count))
            .WithMessage($"column_ids lists 1 to {ProjectLimits.ColumnsPerProject} distinct column ids.");
}
