using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Projects.GetProject;

internal static class GetProjectEndpoint
{
    public static async Task<Results<Ok<ProjectResponse>, NotFound>> Handle(Guid id, DbSession session, RequestContext request, CancellationToken ct) =>
        await ProjectResponse.GetAsync(session, request.OrgId, id, ct) is { } project ? TypedResults.Ok(project) : TypedResults.NotFound();
}
