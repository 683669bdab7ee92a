using Omni.Leads.Data;

namespace Omni.Leads.Rules;

internal sealed record RuleResponse(Guid Id, string Name, string Trigger, Guid? ChannelId, string? EventName, Guid PipelineId, Guid StageId,
    Guid? AssigneeId, string? Source, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static RuleResponse From(LeadRule r) => new(r.Id, r.Name, r.Trigger, r.ChannelId, r.EventName, r.PipelineId, r.StageId, r.AssigneeId,
        r.Source, r.IsActive, r.CreatedAt, r.UpdatedAt);
}
