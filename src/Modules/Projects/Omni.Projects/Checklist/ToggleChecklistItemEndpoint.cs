using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Checklist;

internal static class ToggleChecklistItemEndpoint
{
    /// <summary>Ticks an open item or reopens a ticked one (<c>PATCH</c> with <c>is_done</c> sets it outright).</summary>
    public static async Task<Results<Ok<ChecklistItemResponse>, ProblemHttpResult>> Handle(
        Guid id, Guid itemId, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var item = await session.SingleAsync("""
            update projects.checklist_items set is_done = not is_done, updated_at = now()
            where org_id = $1 and task_id = $2 and id = $3
            returning id, text, is_done, position
            """, r => new ChecklistItemResponse(r.GetGuid(0), r.GetString(1), r.GetBoolean(2), r.GetInt32(3)), ct, orgId, id, itemId);
        return item is null ? ApiProblem.NotFound("No such checklist item.") : TypedResults.Ok(item);
    }
}
