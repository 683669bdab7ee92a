using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Links;

internal static class RemoveLinkEndpoint
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, Guid linkId, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var task = await TaskRow.GetAsync(session, request.OrgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var removed = await session.ExecAsync("delete from projects.task_links where org_id = $1 and task_id = $2 and id = $3", ct, request.OrgId, id, linkId);
        return removed == 0 ? ApiProblem.NotFound("No such link on this task.") : TypedResults.NoContent();
    }
}
