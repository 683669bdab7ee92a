using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Checklist;

internal static class UpdateChecklistItemEndpoint
{
    public static async Task<Results<Ok<ChecklistItemResponse>, ProblemHttpResult>> Handle(
        Guid id, Guid itemId, UpdateChecklistItemRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var item = await session.SingleAsync("""
            update projects.checklist_items set text = coalesce($4, text), is_done = coalesce($5, is_done), updated_at = now()
            where org_id = $1 and task_id = $2 and id = $3
            returning id, text, is_done, position
            """, r => new ChecklistItemResponse(r.GetGuid(0), r.GetString(1), r.GetBoolean(2), r.GetInt32(3)), ct,
            orgId, id, itemId, body.Text?.Trim(), body.IsDone);
        return item is null ? ApiProblem.NotFound("No such checklist item.") : TypedResults.Ok(item);
    }
}
