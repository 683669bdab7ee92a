namespace Omni.Projects;

internal static class ProjectStatuses
{
    public static readonly IReadOnlyList<string> All = ["active", "on_hold", "completed", "archived"];
}

internal static class TaskPriorities
{
    public static readonly IReadOnlyList<string> All = ["low", "medium", "high", "urgent"];
}

/// <summary>How much a project and a task may hold.</summary>
internal static class ProjectLimits
{
    public const int NameLength = 200;
    public const int ProjectDescriptionLength = 10_000;
    public const int ColumnNameLength = 100;
    public const int ColumnsPerProject = 50;
    public const int TitleLength = 500;
    public const int TaskDescriptionLength = 20_000;
    public const int Labels = 20;
    public const int LabelLength = 50;
    public const int ChecklistItems = 100;
    public const int ChecklistTextLength = 500;
    public const int CommentLength = 10_000;
    public const int LinksPerTask = 50;
}
