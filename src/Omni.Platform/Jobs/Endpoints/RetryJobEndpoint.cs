using Omni.Platform.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Jobs.Endpoints;

internal static class RetryJobEndpoint
{
    /// <summary>Puts a dead-lettered job back in the queue with a fresh set of attempts.</summary>
    public static async Task<Results<Ok<JobResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == id && j.OrgId == request.OrgId, ct);
        if (job is null) return TypedResults.NotFound();
        if (job.Status != "dead")
            return ApiProblem.Conflict("job_not_retryable", $"Only dead jobs can be retried; this one is {job.Status}.");

        await db.Jobs.Where(j => j.Id == id && j.Status == "dead").ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, "pending")
            .SetProperty(j => j.Attempts, 0)
            .SetProperty(j => j.RunAt, DbClock.Now)
            .SetProperty(j => j.UpdatedAt, DbClock.Now), ct);
        await db.Database.ExecuteSqlAsync($"select pg_notify('omni_jobs', '')", ct);
        var updated = await db.Jobs.SingleAsync(j => j.Id == id, ct);
        return TypedResults.Ok(JobResponse.From(updated));
    }
}
