using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;
using Omni.Projects.Ranking;

namespace Omni.Projects.Columns;

internal static class DeleteColumnEndpoint
{
    /// <summary>A column holding tasks needs <c>target_column_id</c>, another column of the project: its tasks
    /// move there, after the tasks already in it, in their order (without it: 409 <c>column_not_empty</c>).
    /// The last column of a project stays (409 <c>last_column</c>).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, Guid columnId, [FromQuery(Name = "target_column_id")] Guid? targetColumnId,
        DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var project = await ProjectRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        var column = await ColumnQueries.GetInProjectAsync(session, orgId, id, columnId, ct, forUpdate: true);
        access.EnsureMayManage(project.OwnerId);
        var columns = await ColumnQueries.ListAsync(session, orgId, id, ct);
        if (columns.Count == 1) return ApiProblem.Conflict("last_column", "A project keeps at least one column.");

        var taskIds = await session.ListAsync(
            "select id from projects.tasks where org_id = $1 and column_id = $2 order by rank", r => r.GetGuid(0), ct, orgId, columnId);
        if (taskIds.Count > 0)
        {
            if (targetColumnId is not { } targetId)
                return ApiProblem.Conflict("column_not_empty", $"The column holds {taskIds.Count} tasks: give target_column_id to move them there.");
            if (targetId == columnId) return ApiProblem.Validation("target_column_id", "target_column_id must be another column.");
            var target = await ColumnQueries.FindAsync(session, orgId, targetId, ct, forUpdate: true);
            if (target is null || target.ProjectId != id) return ApiProblem.Validation("target_column_id", "target_column_id must be a column of this project.");
            var last = await session.ScalarAsync<string>(
                "select max(rank) from projects.tasks where org_id = $1 and column_id = $2", ct, orgId, targetId);
            var ranks = Rank.Spread(last, null, taskIds.Count);
            await session.ExecAsync("""
                update projects.tasks t set column_id = $3, rank = m.rank, updated_at = now(),
                  completed_at = case when $4 then coalesce(t.completed_at, now()) end
                from unnest($5::uuid[], $6::text[]) as m(id, rank)
                where t.org_id = $1 and t.column_id = $2 and t.id = m.id
                """, ct, orgId, columnId, targetId, target.IsDone, taskIds.ToArray(), ranks.ToArray());
        }
        await session.ExecAsync("""
            with gone as (delete from projects.columns where org_id = $1 and id = $2)
            update projects.columns set position = position - 1 where org_id = $1 and project_id = $3 and position > $4
            """, ct, orgId, columnId, id, column.Position);
        return TypedResults.NoContent();
    }
}
