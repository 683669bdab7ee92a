using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Checklist;

internal static class RemoveChecklistItemEndpoint
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, Guid itemId, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var position = await session.ScalarAsync<int?>(
            "delete from projects.checklist_items where org_id = $1 and task_id = $2 and id = $3 returning position", ct, orgId, id, itemId);
        if (position is null) return ApiProblem.NotFound("No such checklist item.");
        await session.ExecAsync(
            "update projects.checklist_items set position = position - 1 where org_id = $1 and task_id = $2 and position > $3", ct, orgId, id, position.Value);
        return TypedResults.NoContent();
    }
}
