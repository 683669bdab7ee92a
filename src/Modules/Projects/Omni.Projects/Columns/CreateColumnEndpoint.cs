using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Columns;

internal static class CreateColumnEndpoint
{
    public static async Task<Results<Created<ColumnResponse>, ProblemHttpResult>> Handle(
        Guid id, CreateColumnRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var project = await ProjectRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        access.EnsureMayManage(project.OwnerId);
        var count = await session.ScalarAsync<long>("select count(*) from projects.columns where org_id = $1 and project_id = $2", ct, orgId, id);
        if (count >= ProjectLimits.ColumnsPerProject)
            return ApiProblem.Conflict("too_many_columns", $"A project has at most {ProjectLimits.ColumnsPerProject} columns.");
        var position = Math.Min(body.Position ?? int.MaxValue, (int)count + 1);
        var columnId = Guid.CreateVersion7();
        await session.ExecAsync("""
            with shifted as (
              update projects.columns set position = position + 1 where org_id = $1 and project_id = $2 and position >= $3)
            insert into projects.columns (id, org_id, project_id, name, position, is_done) values ($4, $1, $2, $5, $3, $6)
            """, ct, orgId, id, position, columnId, body.Name.Trim(), body.IsDone == true);
        return TypedResults.Created($"/api/v1/projects/{id}/columns/{columnId}", new ColumnResponse(columnId, body.Name.Trim(), position, body.IsDone == true));
    }
}
