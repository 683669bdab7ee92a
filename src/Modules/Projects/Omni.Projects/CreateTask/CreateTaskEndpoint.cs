using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Columns;
using Omni.Projects.Contracts;
using Omni.Projects.Data;
using Omni.Projects.Ranking;

namespace Omni.Projects.CreateTask;

internal static class CreateTaskEndpoint
{
    public static async Task<Results<Created<TaskDetailResponse>, ProblemHttpResult>> Handle(
        CreateTaskRequest body, DbSession session, ProjectAccess access, EventBus events, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        if (await ProjectRow.FindAsync(session, orgId, body.ProjectId, ct) is null)
            return ApiProblem.Validation("project_id", "No such project in your org.");
        ColumnRow? column;
        if (body.ColumnId is { } columnId)
        {
            column = await ColumnQueries.FindAsync(session, orgId, columnId, ct, forUpdate: true);
            if (column is null || column.ProjectId != body.ProjectId) return ApiProblem.Validation("column_id", "column_id must be a column of the project.");
        }
        else
        {
            var first = await session.ScalarAsync<Guid>(
                "select id from projects.columns where org_id = $1 and project_id = $2 order by position, id limit 1", ct, orgId, body.ProjectId);
            column = await ColumnQueries.FindAsync(session, orgId, first, ct, forUpdate: true);
            if (column is null) return ApiProblem.Conflict("no_columns", "The project has no column to put the task in.");
        }
        await access.EnsureMayEditTaskAsync(body.AssigneeId, ct);
        if (body.AssigneeId is { } assignee && !await access.IsWorkingMemberAsync(assignee, ct))
            return ApiProblem.Validation("assignee_id", "assignee_id must be an owner, admin or agent of the org.");

        // The column is locked: the last rank read here is still the last when this commits.
        var last = await session.ScalarAsync<string>(
            "select rank from projects.tasks where org_id = $1 and column_id = $2 order by rank desc limit 1", ct, orgId, column.Id);
        var id = Guid.CreateVersion7();
        var checklist = (body.Checklist ?? []).Select(t => t.Trim()).ToArray();
        await session.ExecAsync("""
            with t as (
              insert into projects.tasks (id, org_id, project_id, column_id, rank, title, description, priority, assignee_id, due_date, labels,
                                          completed_at, created_by)
              values ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid, $10::date, $11, case when $12 then now() end, $13::uuid)),
            m as (
              insert into projects.project_members (org_id, project_id, user_id) select $2, $3, $9::uuid where $9::uuid is not null
              on conflict do nothing),
            c as (
              insert into projects.checklist_items (id, org_id, task_id, text, position)
              select gen_random_uuid(), $2, $1, x.text, x.ord::int from unnest($14::text[]) with ordinality as x(text, ord))
            insert into projects.task_activity (id, org_id, task_id, actor_id, kind, data)
            values (gen_random_uuid(), $2, $1, $13::uuid, 'created', jsonb_build_object('column_id', $4))
            """, ct,
            id, orgId, body.ProjectId, column.Id, Rank.Between(last, null), body.Title.Trim(), ProjectRules.Clean(body.Description),
            body.Priority ?? "medium", body.AssigneeId, body.DueDate, ProjectRules.CleanLabels(body.Labels ?? []), column.IsDone,
            access.UserId, checklist);
        if (body.AssigneeId is { } assigned)
            await events.PublishAsync(new TaskAssigned(orgId, body.ProjectId, id, assigned, DbClock.Now), ct);
        return TypedResults.Created($"/api/v1/tasks/{id}", await TaskDetailResponse.ReadBackAsync(session, orgId, id, ct));
    }
}
