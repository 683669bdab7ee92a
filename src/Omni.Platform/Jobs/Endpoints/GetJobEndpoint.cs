using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Jobs.Endpoints;

internal static class GetJobEndpoint
{
    public static async Task<Results<Ok<JobResponse>, NotFound>> Handle(Guid id, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == id && j.OrgId == request.OrgId, ct);
        return job is null ? TypedResults.NotFound() : TypedResults.Ok(JobResponse.From(job));
    }
}
