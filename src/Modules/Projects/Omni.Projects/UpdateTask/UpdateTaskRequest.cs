using System.Text.Json.Serialization;
using FluentValidation;
using Omni.Platform.Http;
using Omni.Platform.OpenApi;

namespace Omni.Projects.UpdateTask;

/// <summary>Fields left out stay as they are; <c>null</c> clears <c>description</c>, <c>assignee_id</c> or
/// <c>due_date</c>. <c>labels</c> replaces the list. Moving between columns is <c>POST /tasks/{id}/move</c>.</summary>
internal sealed record UpdateTaskRequest(
    string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> Description,
    string? Priority,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<Guid?> AssigneeId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<DateOnly?> DueDate,
    List<string>? Labels) : IHasExample<UpdateTaskRequest>
{
    public static UpdateTaskRequest Example => new("Call Maria about the annual plan", default, "urgent", default, new DateOnly(2026, 3, 2), ["sales", "renewal"]);

    public bool ChangesSomething => Title is not null || Description.IsSet || Priority is not null || AssigneeId.IsSet || DueDate.IsSet || Labels is not null;
}

internal sealed class UpdateTaskValidator : AbstractValidator<UpdateTaskRequest>
{
    public UpdateTaskValidator()
    {
        RuleFor(r => r).Must(r => r.ChangesSomething).OverridePropertyName("body")
            .WithMessage("Give at least one of title, description, priority, assignee_id, due_date, labels.");
        RuleFor(r => r.Title).Must(t => t is null || t.Trim().Length is > 0 and <= ProjectLimits.TitleLength)
            .WithMessage($"title is 1 to {ProjectLimits.TitleLength} characters.");
        RuleFor(r => r.Title).Must(ProjectRules.HasNoControlCharacters).WithMessage("title has no control characters.");
        RuleFor(r => r.Description.Value).MaximumLength(ProjectLimits.TaskDescriptionLength).OverridePropertyName("description");
        RuleFor(r => r.Priority).ValidPriority();
        RuleFor(r => r.Labels).ValidLabels();
    }
}
