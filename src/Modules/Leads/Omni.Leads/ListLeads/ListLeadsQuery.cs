using Microsoft.AspNetCore.Mvc;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Platform.Tenancy;
using Omni.Platform.Http;

namespace Omni.Leads.ListLeads;

/// <summary>The list's (and the export's) filters. <c>assignee</c> is <c>me</c>, <c>none</c> or a user id;
/// <c>q</c> searches titles; <c>close_before</c>/<c>close_after</c> compare the expected close date (exclusive).</summary>
internal sealed record ListLeadsQuery(
    [FromQuery(Name = "pipeline_id")] Guid? PipelineId,
    [FromQuery(Name = "stage_id")] Guid? StageId,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "assignee")] string? Assignee,
    [FromQuery(Name = "source")] string? Source,
    [FromQuery(Name = "value_min")] decimal? ValueMin,
    [FromQuery(Name = "value_max")] decimal? ValueMax,
    [FromQuery(Name = "close_before")] DateOnly? CloseBefore,
    [FromQuery(Name = "close_after")] DateOnly? CloseAfter,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "contact_id")] Guid? ContactId)
{
    /// <summary>The filter, or a 400 naming the first bad parameter.</summary>
    public LeadFilter ToFilter(RequestContext request)
    {
        if (Status is not null && !LeadStatuses.IsValid(Status)) throw Invalid("status", "status must be open, won or lost.");
        if (Q is { Length: > 200 }) throw Invalid("q", "q is at most 200 characters.");
        if (Source is { Length: > LeadFieldRules.MaxSource }) throw Invalid("source", $"source is at most {LeadFieldRules.MaxSource} characters.");
        if (ValueMin is { } min && ValueMax is { } max && min > max) throw Invalid("value_min", "value_min is above value_max.");
        Guid? assigneeId = null;
        var none = false;
        switch (Assignee)
        {
            case null or "": break;
            case "none": none = true; break;
            case "me":
                assigneeId = request.UserId ?? throw Invalid("assignee", "assignee=me needs a signed-in user (an API key is nobody).");
                break;
            default:
                assigneeId = Guid.TryParse(Assignee, out var id) ? id : throw Invalid("assignee", "assignee must be me, none or a user id.");
                break;
        }
        return new LeadFilter(PipelineId, StageId, Status, assigneeId, none, LeadFieldRules.Clean(Source), ValueMin, ValueMax, CloseBefore, CloseAfter,
            string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), ContactId);
    }

    private static ApiException Invalid(string field, string message) => ApiException.InvalidField(field, message);
}
