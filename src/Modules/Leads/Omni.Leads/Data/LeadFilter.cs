namespace Omni.Leads.Data;

/// <summary>What the list and the export keep. <see cref="AssigneeNone"/> keeps unassigned leads.</summary>
internal sealed record LeadFilter(
    Guid? PipelineId = null,
    Guid? StageId = null,
    string? Status = null,
    Guid? AssigneeId = null,
    bool AssigneeNone = false,
    string? Source = null,
    decimal? ValueMin = null,
    decimal? ValueMax = null,
    DateOnly? CloseBefore = null,
    DateOnly? CloseAfter = null,
    string? Text = null,
    Guid? ContactId = null);
