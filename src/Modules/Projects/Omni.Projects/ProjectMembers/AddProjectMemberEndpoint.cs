using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.ProjectMembers;

internal static class AddProjectMemberEndpoint
{
    /// <summary>Adds a member (adding one twice changes nothing); answers with the project.</summary>
    public static async Task<Results<Ok<ProjectResponse>, ProblemHttpResult>> Handle(
        Guid id, AddProjectMemberRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var project = await ProjectRow.GetAsync(session, request.OrgId, id, ct);
        access.EnsureMayManage(project.OwnerId);
        if (!await access.IsWorkingMemberAsync(body.UserId, ct))
            return ApiProblem.Validation("user_id", "user_id must be an owner, admin or agent of the org.");
        await session.ExecAsync(
            "insert into projects.project_members (org_id, project_id, user_id) values ($1, $2, $3) on conflict do nothing",
            ct, request.OrgId, id, body.UserId);
        return TypedResults.Ok((await ProjectResponse.GetAsync(session, request.OrgId, id, ct))!);
    }
}
