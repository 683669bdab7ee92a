using System.Text.Json.Serialization;
using FluentValidation;
using Omni.Platform.Http;
using Omni.Platform.OpenApi;

namespace Omni.Projects.UpdateProject;

/// <summary>Fields left out stay as they are; <c>null</c> clears <c>description</c>, <c>start_date</c> or
/// <c>end_date</c>. <c>owner_id</c> hands the project to another owner, admin or agent (who becomes a member).</summary>
internal sealed record UpdateProjectRequest(
    string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> Description,
    string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<DateOnly?> StartDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<DateOnly?> EndDate,
    Guid? OwnerId) : IHasExample<UpdateProjectRequest>
{
    public static UpdateProjectRequest Example => new("Website relaunch (phase 2)", default, "on_hold", default, new DateOnly(2026, 7, 31), null);

    public bool ChangesSomething => Name is not null || Description.IsSet || Status is not null || StartDate.IsSet || EndDate.IsSet || OwnerId is not null;
}

internal sealed class UpdateProjectValidator : AbstractValidator<UpdateProjectRequest>
{
    public UpdateProjectValidator()
    {
        RuleFor(r => r).Must(r => r.ChangesSomething).OverridePropertyName("body")
            .WithMessage("Give at least one of name, description, status, start_date, end_date, owner_id.");
        RuleFor(r => r.Name).Must(n => n is null || n.Trim().Length is > 0 and <= ProjectLimits.NameLength)
            .WithMessage($"name is 1 to {ProjectLimits.NameLength} characters.");
        RuleFor(r => r.Description.Value).MaximumLength(ProjectLimits.ProjectDescriptionLength).OverridePropertyName("description");
        RuleFor(r => r.Status).ValidStatus();
    }
}
