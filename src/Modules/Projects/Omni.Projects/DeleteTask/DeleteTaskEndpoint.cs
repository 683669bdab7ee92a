using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.DeleteTask;

internal static class DeleteTaskEndpoint
{
    /// <summary>Deletes the task with its checklist, comments, links and activity.</summary>
    public static async Task<NoContent> Handle(Guid id, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var task = await TaskRow.GetAsync(session, request.OrgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        await session.ExecAsync("delete from projects.tasks where org_id = $1 and id = $2", ct, request.OrgId, id);
        return TypedResults.NoContent();
    }
}
