using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Jobs.Endpoints;

internal static class ListJobsEndpoint
{
    private static readonly string[] Statuses = ["pending", "running", "succeeded", "dead"];

    /// <summary>The org's jobs, newest first; <c>status=dead</c> lists what gave up, <c>failing=true</c> what
    /// is still retrying after errors.</summary>
    public static async Task<Results<Ok<Page<JobResponse>>, ProblemHttpResult>> Handle(
        string? status, string? type, bool? failing, int? limit, string? cursor, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        if (status is not null && !Statuses.Contains(status))
            return ApiProblem.Validation("status", $"status must be one of {string.Join(", ", Statuses)}.");
        var (take, after) = Paging.Read(limit, cursor);
        var query = db.Jobs.Where(j => j.OrgId == request.OrgId);
        if (status is not null) query = query.Where(j => j.Status == status);
        if (type is not null) query = query.Where(j => j.Type == type);
        if (failing == true) query = query.Where(j => j.LastError != null && j.Status != "succeeded");
        if (after is { } c)
            query = query.Where(j => EF.Functions.LessThan(ValueTuple.Create(j.CreatedAt, j.Id), ValueTuple.Create(c.At, c.Id)));
        var rows = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, j => new KeysetCursor(j.CreatedAt, j.Id), JobResponse.From));
    }
}
