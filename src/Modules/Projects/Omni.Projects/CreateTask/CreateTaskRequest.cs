using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.CreateTask;

/// <summary><c>column_id</c>: a column of the project, by default its first; the task goes to the bottom of
/// it. <c>priority</c>: low, medium (default), high or urgent. <c>assignee_id</c>: an owner, admin or agent of
/// the org (who then becomes a member of the project). <c>checklist</c>: the items' texts, in order.</summary>
internal sealed record CreateTaskRequest(
    Guid ProjectId,
    Guid? ColumnId,
    string Title,
    string? Description,
    string? Priority,
    Guid? AssigneeId,
    DateOnly? DueDate,
    List<string>? Labels,
    List<string>? Checklist) : IHasExample<CreateTaskRequest>
{
    public static CreateTaskRequest Example => new(
        Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7f90"), null, "Call Maria about the renewal", "She asked for the annual plan.",
        "high", null, new DateOnly(2026, 2, 27), ["sales"], ["Check the contract", "Prepare the quote"]);
}

internal sealed class CreateTaskValidator : AbstractValidator<CreateTaskRequest>
{
    public CreateTaskValidator()
    {
        RuleFor(r => r.ProjectId).NotEmpty();
        RuleFor(r => r.Title).NotEmpty().Must(t => t is null || t.Trim().Length is > 0 and <= ProjectLimits.TitleLength)
            .WithMessage($"title is 1 to {ProjectLimits.TitleLength} characters.");
        RuleFor(r => r.Title).Must(ProjectRules.HasNoControlCharacters).WithMessage("title has no control characters.");
        RuleFor(r => r.Description).MaximumLength(ProjectLimits.TaskDescriptionLength);
        RuleFor(r => r.Priority).ValidPriority();
        RuleFor(r => r.Labels).ValidLabels();
        RuleFor(r => r.Checklist).Must(c => c is null || c.Count <= ProjectLimits.ChecklistItems)
            .WithMessage($"A checklist has at most {ProjectLimits.ChecklistItems} items.");
        RuleForEach(r => r.Checklist).Must(t => t is not null && t.Trim().Length is > 0 and <= ProjectLimits.ChecklistTextLength)
            .WithMessage($"A checklist item is 1 to {ProjectLimits.ChecklistTextLength} characters.");
    }
}
