using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.UpdateProject;

internal static class UpdateProjectEndpoint
{
    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Handle(
        Guid id, UpdateProjectRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var project = await ProjectRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        access.EnsureMayManage(project.OwnerId);
        var start = body.StartDate.IsSet ? body.StartDate.Value : project.StartDate;
        var end = body.EndDate.IsSet ? body.EndDate.Value : project.EndDate;
        if (start is not null && end is not null && end < start) return ApiProblem.Validation("end_date", "end_date is on or after start_date.");
        if (body.OwnerId is { } owner && owner != project.OwnerId && !await access.IsWorkingMemberAsync(owner, ct))
            return ApiProblem.Validation("owner_id", "owner_id must be an owner, admin or agent of the org.");

        await session.ExecAsync("""
            with p as (
              update projects.projects set
                name = coalesce($3, name),
                description = case when $4 then $5 else description end,
                status = coalesce($6, status),
                start_date = $7::date, end_date = $8::date,
                owner_id = coalesce($9::uuid, owner_id),
                updated_at = now()
              where org_id = $1 and id = $2)
            insert into projects.project_members (org_id, project_id, user_id)
            select $1, $2, $9::uuid where $9::uuid is not null
            on conflict do nothing
            """, ct,
            orgId, id, body.Name?.Trim(), body.Description.IsSet, ProjectRules.Clean(body.Description.Value), body.Status, start, end, body.OwnerId);
        return TypedResults.Ok((await ProjectResponse.GetAsync(session, orgId, id, ct))!);
    }
}
