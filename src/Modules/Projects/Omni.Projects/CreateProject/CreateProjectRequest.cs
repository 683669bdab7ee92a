using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.CreateProject;

/// <summary>A board column to start with; <c>is_done</c> marks the column whose tasks count as completed.</summary>
internal sealed record ColumnInput(string Name, bool? IsDone);

/// <summary><c>owner_id</c>: a member of the org (owner, admin or agent), by default the caller. <c>member_ids</c>:
/// further members (the owner is always one). <c>columns</c>: the board, left to right; by default
/// To do, In progress and Done (the done column).</summary>
internal sealed record CreateProjectRequest(
    string Name,
    string? Description,
    string? Status,
    DateOnly? StartDate,
    DateOnly? EndDate,
    Guid? OwnerId,
    List<Guid>? MemberIds,
    List<ColumnInput>? Columns) : IHasExample<CreateProjectRequest>
{
    public static CreateProjectRequest Example => new(
        "Website relaunch", "New site and checkout before the summer sale.", "active",
        new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 30), null, null, null);

    public static readonly IReadOnlyList<ColumnInput> DefaultColumns =
        [new("To do", false), new("In progress", false), new("Done", true)];
}

internal sealed class CreateProjectValidator : AbstractValidator<CreateProjectRequest>
{
    public CreateProjectValidator()
    {
        RuleFor(r => r.Name).NotEmpty().Must(n => n is null || n.Trim().Length is > 0 and <= ProjectLimits.NameLength)
            .WithMessage($"name is 1 to {ProjectLimits.NameLength} characters.");
        RuleFor(r => r.Description).MaximumLength(ProjectLimits.ProjectDescriptionLength);
        RuleFor(r => r.Status).ValidStatus();
        RuleFor(r => r.EndDate).Must((r, end) => end is null || r.StartDate is null || end >= r.StartDate)
            .WithMessage("end_date is on or after start_date.");
        RuleFor(r => r.MemberIds).Must(m => m is null || m.Count <= 200).WithMessage("At most 200 members.");
        RuleFor(r => r.Columns).Must(c => c is null || c.Count is > 0 and <= ProjectLimits.ColumnsPerProject)
            .WithMessage($"columns has 1 to {ProjectLimits.ColumnsPerProject} entries.");
        RuleForEach(r => r.Columns).ChildRules(c =>
            c.RuleFor(x => x.Name).Must(n => n is not null && n.Trim().Length is > 0 and <= ProjectLimits.ColumnNameLength)
                .WithMessage($"A column's name is 1 to {ProjectLimits.ColumnNameLength} characters."));
    }
}
