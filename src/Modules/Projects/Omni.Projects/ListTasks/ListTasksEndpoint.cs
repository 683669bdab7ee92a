using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Data;

namespace Omni.Projects.ListTasks;

internal static class ListTasksEndpoint
{
    /// <summary>Tasks of the org. <c>view</c>: <c>mine</c> (open tasks assigned to the caller), <c>overdue</c>
    /// (open, due before today, UTC) or <c>due_soon</c> (open, due from today to <c>within_days</c> ahead,
    /// default 7); views list by due date (undated last). With <c>column_id</c> (and no view): the column
    /// top to bottom, by rank. Otherwise newest first. Filters: <c>project_id</c>, <c>column_id</c>,
    /// <c>assignee</c> (<c>me</c>, <c>none</c> or a user id), <c>label</c>, <c>priority</c>, <c>q</c> (text
    /// in the title or description), and the linked <c>contact_id</c>, <c>lead_id</c> or
    /// <c>conversation_id</c>. Pass <c>next_cursor</c> back as <c>cursor</c> for the next page.</summary>
    public static async Task<Results<Ok<Page<TaskResponse>>, ProblemHttpResult>> Handle(
        string? view,
        [FromQuery(Name = "within_days")] int? withinDays,
        [FromQuery(Name = "project_id")] Guid? projectId,
        [FromQuery(Name = "column_id")] Guid? columnId,
        string? assignee,
        string? label,
        string? priority,
        string? q,
        [FromQuery(Name = "contact_id")] Guid? contactId,
        [FromQuery(Name = "lead_id")] Guid? leadId,
        [FromQuery(Name = "conversation_id")] Guid? conversationId,
        int? limit,
        string? cursor,
        ProjectsDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, _) = Paging.Read(limit, null);
        var filter = TaskListParameters.Read(request, view, withinDays, projectId, columnId, assignee, label, priority, q, contactId, leadId, conversationId);
        return TypedResults.Ok(await TaskListQuery.PageAsync(db, request.OrgId, filter, cursor, take, TaskListParameters.Today, ct));
    }
}
