using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Columns;

internal static class UpdateColumnEndpoint
{
    /// <summary>Turning <c>is_done</c> on completes the column's tasks (off: reopens them).</summary>
    public static async Task<Ok<ColumnResponse>> Handle(
        Guid id, Guid columnId, UpdateColumnRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var project = await ProjectRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        var column = await ColumnQueries.GetInProjectAsync(session, orgId, id, columnId, ct);
        access.EnsureMayManage(project.OwnerId);
        var name = body.Name?.Trim() ?? column.Name;
        var done = body.IsDone ?? column.IsDone;
        await session.ExecAsync("update projects.columns set name = $3, is_done = $4 where org_id = $1 and id = $2", ct, orgId, columnId, name, done);
        if (done != column.IsDone)
            await session.ExecAsync(
                "update projects.tasks set completed_at = case when $3 then now() end, updated_at = now() where org_id = $1 and column_id = $2",
                ct, orgId, columnId, done);
        return TypedResults.Ok(new ColumnResponse(columnId, name, column.Position, done));
    }
}
