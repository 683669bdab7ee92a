namespace Omni.Leads.Domain;

/// <summary>A lead as stored; changed in memory by a use case, then written back whole.</summary>
internal sealed class Lead
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid PipelineId { get; set; }
    public Guid StageId { get; set; }
    public string Title { get; set; } = "";
    public Guid? ContactId { get; set; }
    public decimal? Value { get; set; }
    public string? Currency { get; set; }
    public string? Source { get; set; }
    public string Status { get; set; } = LeadStatuses.Open;
    public string? LostReason { get; set; }
    public Guid? AssigneeId { get; set; }
    public DateOnly? ExpectedCloseDate { get; set; }
    /// <summary>A jsonb object, as text.</summary>
    public string CustomFields { get; set; } = "{}";
    public string? FirstTouch { get; set; }
    public string? LastTouch { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset StageEnteredAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Lead Copy() => (Lead)MemberwiseClone();
}
