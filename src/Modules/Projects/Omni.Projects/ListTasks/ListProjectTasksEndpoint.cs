using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Data;

namespace Omni.Projects.ListTasks;

internal static class ListProjectTasksEndpoint
{
    /// <summary>The project's tasks, as <c>GET /api/v1/tasks</c> with <c>project_id</c>: with <c>column_id</c>,
    /// one column of the board top to bottom.</summary>
    public static async Task<Results<Ok<Page<TaskResponse>>, ProblemHttpResult>> Handle(
        Guid id,
        string? view,
        [FromQuery(Name = "within_days")] int? withinDays,
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
        ProjectsDbContext db, DbSession session, RequestContext request, CancellationToken ct)
    {
        await ProjectRow.GetAsync(session, request.OrgId, id, ct);
        return await ListTasksEndpoint.Handle(view, withinDays, id, columnId, assignee, label, priority, q, contactId, leadId, conversationId,
            limit, cursor, db, request, ct);
    }
}
