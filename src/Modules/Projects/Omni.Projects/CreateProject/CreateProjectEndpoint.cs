using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.CreateProject;

internal static class CreateProjectEndpoint
{
    public static async Task<Results<Created<ProjectResponse>, ProblemHttpResult>> Handle(
        CreateProjectRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var ownerId = body.OwnerId ?? access.UserId;
        if (ownerId is null) return ApiProblem.Validation("owner_id", "owner_id is required when an API key creates a project.");
        if (!await access.IsWorkingMemberAsync(ownerId.Value, ct))
            return ApiProblem.Validation("owner_id", "owner_id must be an owner, admin or agent of the org.");
        var members = (body.MemberIds ?? []).Append(ownerId.Value).Distinct().ToArray();
        foreach (var member in members.Where(m => m != ownerId.Value))
            if (!await access.IsWorkingMemberAsync(member, ct))
                return ApiProblem.Validation("member_ids", $"{member} is not an owner, admin or agent of the org.");

        var orgId = request.OrgId;
        var id = Guid.CreateVersion7();
        var columns = body.Columns is { Count: > 0 } given ? given : CreateProjectRequest.DefaultColumns;
        if (!columns.Any(c => c.IsDone == true)) columns = [.. columns.Take(columns.Count - 1), columns[^1] with { IsDone = true }];
        await session.ExecAsync("""
            with p as (
              insert into projects.projects (id, org_id, name, description, status, start_date, end_date, owner_id, created_by)
              values ($1, $2, $3, $4, $5, $6::date, $7::date, $8, $9::uuid)),
            m as (insert into projects.project_members (org_id, project_id, user_id) select $2, $1, u from unnest($10::uuid[]) u)
            insert into projects.columns (id, org_id, project_id, name, position, is_done)
            select c.id, $2, $1, c.name, c.ord::int, c.done
            from unnest($11::uuid[], $12::text[], $13::bool[]) with ordinality as c(id, name, done, ord)
            """, ct,
            id, orgId, body.Name.Trim(), ProjectRules.Clean(body.Description), body.Status ?? "active", body.StartDate, body.EndDate,
            ownerId.Value, access.UserId, members,
            columns.Select(_ => Guid.CreateVersion7()).ToArray(), columns.Select(c => c.Name.Trim()).ToArray(),
            columns.Select(c => c.IsDone == true).ToArray());
        var project = await ProjectResponse.GetAsync(session, orgId, id, ct);
        return TypedResults.Created($"/api/v1/projects/{id}", project!);
    }
}
