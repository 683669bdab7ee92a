using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Checklist;

internal static class AddChecklistItemEndpoint
{
    public static async Task<Results<Created<ChecklistItemResponse>, ProblemHttpResult>> Handle(
        Guid id, AddChecklistItemRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var count = await session.ScalarAsync<long>("select count(*) from projects.checklist_items where org_id = $1 and task_id = $2", ct, orgId, id);
        if (count >= ProjectLimits.ChecklistItems)
            return ApiProblem.Conflict("checklist_full", $"A checklist has at most {ProjectLimits.ChecklistItems} items.");
        var position = Math.Min(body.Position ?? int.MaxValue, (int)count + 1);
        var itemId = Guid.CreateVersion7();
        var text = body.Text.Trim();
        await session.ExecAsync("""
            with shifted as (
              update projects.checklist_items set position = position + 1 where org_id = $1 and task_id = $2 and position >= $3)
            insert into projects.checklist_items (id, org_id, task_id, text, position) values ($4, $1, $2, $5, $3)
            """, ct, orgId, id, position, itemId, text);
        return TypedResults.Created($"/api/v1/tasks/{id}/checklist/{itemId}", new ChecklistItemResponse(itemId, text, false, position));
    }
}
