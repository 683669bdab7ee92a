using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Projects.GetTask;

internal static class GetTaskEndpoint
{
    public static async Task<Results<Ok<TaskDetailResponse>, NotFound>> Handle(Guid id, DbSession session, RequestContext request, CancellationToken ct) =>
        await TaskDetailResponse.GetAsync(session, request.OrgId, id, ct) is { } task ? TypedResults.Ok(task) : TypedResults.NotFound();
}
