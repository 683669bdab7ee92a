using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.MoveTask;

/// <summary>Where a dragged task lands. <c>column_id</c>: a column of the task's project (by default the one
/// it is in). <c>after_id</c>: the task it lands right below; <c>before_id</c>: the task it lands right
/// above; give one, or both when the two are neighbours (if they no longer are: 409 <c>stale_neighbours</c>).
/// Neither: the bottom of the column. To the top: <c>before_id</c> = the first task.</summary>
internal sealed record MoveTaskRequest(Guid? ColumnId, Guid? AfterId, Guid? BeforeId) : IHasExample<MoveTaskRequest>
{
    public static MoveTaskRequest Example => new(Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7f81"), Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7fa1"), null);
}

internal sealed class MoveTaskValidator : AbstractValidator<MoveTaskRequest>
{
    public MoveTaskValidator()
    {
        RuleFor(r => r).Must(r => r.ColumnId is not null || r.AfterId is not null || r.BeforeId is not null).OverridePropertyName("body")
            .WithMessage("Give column_id, after_id or before_id.");
        RuleFor(r => r.BeforeId).Must((r, b) => b is null || b != r.AfterId).WithMessage("before_id and after_id are two different tasks.");
    }
}
