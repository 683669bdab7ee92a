using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.ProjectMembers;

internal static class RemoveProjectMemberEndpoint
{
    /// <summary>The owner stays a member (hand the project over first: PATCH <c>owner_id</c>).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, Guid userId, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var project = await ProjectRow.GetAsync(session, request.OrgId, id, ct);
        access.EnsureMayManage(project.OwnerId);
        if (userId == project.OwnerId) return ApiProblem.Conflict("project_owner", "The project's owner is always a member; hand the project over first.");
        var removed = await session.ExecAsync(
            "delete from projects.project_members where org_id = $1 and project_id = $2 and user_id = $3", ct, request.OrgId, id, userId);
        return removed == 0 ? ApiProblem.NotFound("No such member of the project.") : TypedResults.NoContent();
    }
}
