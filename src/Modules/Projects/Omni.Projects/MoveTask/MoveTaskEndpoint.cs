using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Columns;
using Omni.Projects.Data;
using Omni.Projects.Ranking;

namespace Omni.Projects.MoveTask;

internal static class MoveTaskEndpoint
{
    /// <summary>Gives the task a rank between its new neighbours: one row is updated, whatever the column
    /// holds. Moves into one column run one after the other (the column row is locked), so two of them
    /// never get the same rank. A rank grown past <see cref="Rank.RebalanceLength"/> characters (many moves
    /// into one gap) has the ranks around it respread (docs/adr/0018).</summary>
    public static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> Handle(
        Guid id, MoveTaskRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        if (body.AfterId == id || body.BeforeId == id) return ApiProblem.Validation(body.AfterId == id ? "after_id" : "before_id", "A task cannot land next to itself.");
        var columnId = body.ColumnId ?? task.ColumnId;
        var column = await ColumnQueries.FindAsync(session, orgId, columnId, ct, forUpdate: true);
        if (column is null || column.ProjectId != task.ProjectId) return ApiProblem.Validation("column_id", "column_id must be a column of the task's project.");

        var n = await session.SingleAsync("""
            with a as (select rank from projects.tasks where org_id = $1 and column_id = $2 and id = $3::uuid),
                 b as (select rank from projects.tasks where org_id = $1 and column_id = $2 and id = $4::uuid)
            select (select rank from a), (select rank from b),
              (select t.rank from projects.tasks t where t.org_id = $1 and t.column_id = $2 and t.id <> $5 and t.rank > (select rank from a)
               order by t.rank limit 1),
              (select t.rank from projects.tasks t where t.org_id = $1 and t.column_id = $2 and t.id <> $5 and t.rank < (select rank from b)
               order by t.rank desc limit 1),
              (select t.rank from projects.tasks t where t.org_id = $1 and t.column_id = $2 and t.id <> $5 order by t.rank desc limit 1)
            """, r => new Neighbours(r.StringOrNull(0), r.StringOrNull(1), r.StringOrNull(2), r.StringOrNull(3), r.StringOrNull(4)),
            ct, orgId, columnId, body.AfterId, body.BeforeId, id);
        if (body.AfterId is not null && n!.AfterRank is null) return ApiProblem.Validation("after_id", "after_id must be a task in the target column.");
        if (body.BeforeId is not null && n!.BeforeRank is null) return ApiProblem.Validation("before_id", "before_id must be a task in the target column.");

        string? lower, upper;
        if (body.AfterId is not null && body.BeforeId is not null)
        {
            if (n!.NextAfter != n.BeforeRank)
                return ApiProblem.Conflict("stale_neighbours", "after_id and before_id are no longer next to each other; reload the column.");
            (lower, upper) = (n.AfterRank, n.BeforeRank);
        }
        else if (body.AfterId is not null) (lower, upper) = (n!.AfterRank, n.NextAfter);
        else if (body.BeforeId is not null) (lower, upper) = (n!.PreviousBefore, n.BeforeRank);
        else (lower, upper) = (n!.Last, null);

        // Already there: nothing to write.
        if (columnId == task.ColumnId && (lower is null || string.CompareOrdinal(lower, task.Rank) < 0) && (upper is null || string.CompareOrdinal(task.Rank, upper) < 0))
            return TypedResults.Ok((await TaskQueries.GetAsync(session, orgId, id, ct))!);

        var rank = Rank.Between(lower, upper);
        var moved = await session.SingleAsync($"""
            with t as (
              update projects.tasks t set column_id = $3, rank = $4,
                completed_at = case when $5 then coalesce(t.completed_at, now()) end, updated_at = now()
              where t.org_id = $1 and t.id = $2
              returning {TaskResponse.Columns}),
            a as (
              insert into projects.task_activity (id, org_id, task_id, actor_id, kind, data)
              values (gen_random_uuid(), $1, $2, $6::uuid, 'moved', jsonb_build_object('from_column_id', $7::uuid, 'to_column_id', $3)))
            select * from t
            """, TaskResponse.Read, ct, orgId, id, columnId, rank, column.IsDone, access.UserId, task.ColumnId);
        if (Rank.NeedsRebalance(rank))
        {
            await RankBalancer.RebalanceAroundAsync(session, orgId, columnId, rank, ct);
            moved = await TaskQueries.GetAsync(session, orgId, id, ct);
        }
        return TypedResults.Ok(moved!);
    }

    private sealed record Neighbours(string? AfterRank, string? BeforeRank, string? NextAfter, string? PreviousBefore, string? Last);
}
