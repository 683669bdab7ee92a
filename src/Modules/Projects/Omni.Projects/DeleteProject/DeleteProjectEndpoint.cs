using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.DeleteProject;

internal static class DeleteProjectEndpoint
{
    /// <summary>Deletes the project with its columns, tasks, checklists, comments and links.</summary>
    public static async Task<NoContent> Handle(Guid id, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var project = await ProjectRow.GetAsync(session, request.OrgId, id, ct, forUpdate: true);
        access.EnsureMayManage(project.OwnerId);
        // Tasks first: their column reference has no cascade (a column is emptied before it goes).
        await session.ExecAsync("delete from projects.tasks where org_id = $1 and project_id = $2", ct, request.OrgId, id);
        await session.ExecAsync("delete from projects.projects where org_id = $1 and id = $2", ct, request.OrgId, id);
        return TypedResults.NoContent();
    }
}
