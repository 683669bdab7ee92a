using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Columns;

internal static class ReorderColumnsEndpoint
{
    public static async Task<Results<Ok<IReadOnlyList<ColumnResponse>>, ProblemHttpResult>> Handle(
        Guid id, ReorderColumnsRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var project = await ProjectRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        access.EnsureMayManage(project.OwnerId);
        var current = await ColumnQueries.ListAsync(session, orgId, id, ct);
        if (current.Count != body.ColumnIds.Count || current.Any(c => !body.ColumnIds.Contains(c.Id)))
            return ApiProblem.Validation("column_ids", "column_ids must list every column of the project once.");
        await session.ExecAsync("""
            update projects.columns c set position = o.ord::int
            from unnest($3::uuid[]) with ordinality as o(id, ord)
            where c.org_id = $1 and c.project_id = $2 and c.id = o.id
            """, ct, orgId, id, body.ColumnIds.ToArray());
        return TypedResults.Ok(await ColumnQueries.ListAsync(session, orgId, id, ct));
    }
}
