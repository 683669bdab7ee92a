using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Contracts;
using Omni.Projects.Data;

namespace Omni.Projects.UpdateTask;

internal static class UpdateTaskEndpoint
{
    public static async Task<Results<Ok<TaskDetailResponse>, ProblemHttpResult>> Handle(
        Guid id, UpdateTaskRequest body, DbSession session, ProjectAccess access, EventBus events, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var assignee = body.AssigneeId.IsSet ? body.AssigneeId.Value : task.AssigneeId;
        var reassigned = assignee is { } a && a != task.AssigneeId;
        if (reassigned && !await access.IsWorkingMemberAsync(assignee!.Value, ct))
            return ApiProblem.Validation("assignee_id", "assignee_id must be an owner, admin or agent of the org.");

        await session.ExecAsync("""
            with t as (
              update projects.tasks set
                title = coalesce($3, title),
                description = case when $4 then $5 else description end,
                priority = coalesce($6, priority),
                assignee_id = $7::uuid,
                due_date = case when $8 then $9::date else due_date end,
                labels = coalesce($10::text[], labels),
                updated_at = now()
              where org_id = $1 and id = $2),
            m as (
              insert into projects.project_members (org_id, project_id, user_id) select $1, $11, $7::uuid where $12
              on conflict do nothing)
            insert into projects.task_activity (id, org_id, task_id, actor_id, kind, data)
            values (gen_random_uuid(), $1, $2, $13::uuid, 'updated', $14::jsonb)
            """, ct,
            orgId, id, body.Title?.Trim(), body.Description.IsSet, ProjectRules.Clean(body.Description.Value), body.Priority, assignee,
            body.DueDate.IsSet, body.DueDate.Value, body.Labels is null ? null : ProjectRules.CleanLabels(body.Labels), task.ProjectId, reassigned,
            access.UserId, Changed(body));
        if (reassigned) await events.PublishAsync(new TaskAssigned(orgId, task.ProjectId, id, assignee!.Value, DbClock.Now), ct);
        return TypedResults.Ok(await TaskDetailResponse.ReadBackAsync(session, orgId, id, ct));
    }

    private static string Changed(UpdateTaskRequest body)
    {
        var fields = new List<string>();
        if (body.Title is not null) fields.Add("\"title\"");
        if (body.Description.IsSet) fields.Add("\"description\"");
        if (body.Priority is not null) fields.Add("\"priority\"");
        if (body.AssigneeId.IsSet) fields.Add("\"assignee_id\"");
        if (body.DueDate.IsSet) fields.Add("\"due_date\"");
        if (body.Labels is not null) fields.Add("\"labels\"");
        return "{\"fields\":[" + string.Join(',', fields) + "]}";
    }
}
