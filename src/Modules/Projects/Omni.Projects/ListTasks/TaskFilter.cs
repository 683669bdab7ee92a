namespace Omni.Projects.ListTasks;

/// <summary>What a task list is narrowed to (each null: no filter).</summary>
internal sealed record TaskFilter(
    string? View = null,
    int WithinDays = 7,
    Guid? ProjectId = null,
    Guid? ColumnId = null,
    Guid? AssigneeId = null,
    bool Unassigned = false,
    string? Label = null,
    string? Priority = null,
    string? Text = null,
    Guid? ContactId = null,
    Guid? LeadId = null,
    Guid? ConversationId = null);
