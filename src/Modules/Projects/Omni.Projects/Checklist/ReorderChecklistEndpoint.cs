using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Checklist;

internal static class ReorderChecklistEndpoint
{
    public static async Task<Results<Ok<IReadOnlyList<ChecklistItemResponse>>, ProblemHttpResult>> Handle(
        Guid id, ReorderChecklistRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var current = await ChecklistQueries.ListAsync(session, orgId, id, ct);
        if (current.Count != body.ItemIds.Count || current.Any(i => !body.ItemIds.Contains(i.Id)))
            return ApiProblem.Validation("item_ids", "item_ids must list every item of the checklist once.");
        await session.ExecAsync("""
            update projects.checklist_items i set position = o.ord::int, updated_at = now()
            from unnest($3::uuid[]) with ordinality as o(id, ord)
            where i.org_id = $1 and i.task_id = $2 and i.id = o.id
            """, ct, orgId, id, body.ItemIds.ToArray());
        return TypedResults.Ok(await ChecklistQueries.ListAsync(session, orgId, id, ct));
    }
}
