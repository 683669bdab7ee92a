using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Data;
using Omni.Tracking.Domain;

namespace Omni.Tracking.Conversions.ListDeliveries;

internal static class ListDeliveriesEndpoint
{
    /// <summary>What became of the events forwarded to Meta's Conversions API, newest first. Filters:
    /// <c>source_id</c>, <c>status</c> (<c>pending</c>, <c>sent</c>, <c>failed</c>), <c>event_id</c> (the
    /// client's id, shared with the pixel). Pass <c>next_cursor</c> back as <c>cursor</c> for the next page.</summary>
    public static async Task<Results<Ok<Page<DeliveryResponse>>, ProblemHttpResult>> Handle(
        [FromQuery(Name = "source_id")] Guid? sourceId,
        string? status,
        [FromQuery(Name = "event_id")] string? eventId,
        int? limit,
        string? cursor,
        TrackingDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        if (status is not null && !CapiStatus.All.Contains(status))
            return ApiProblem.Validation("status", $"status must be one of {string.Join(", ", CapiStatus.All)}.");

        var query = db.CapiDeliveries.Where(d => d.OrgId == request.OrgId);
        if (sourceId is { } source) query = query.Where(d => d.SourceId == source);
        if (status is not null) query = query.Where(d => d.Status == status);
        if (!string.IsNullOrEmpty(eventId)) query = query.Where(d => d.EventId == eventId);
        if (after is { } k)
            query = query.Where(d => EF.Functions.LessThan(ValueTuple.Create(d.CreatedAt, d.Id), ValueTuple.Create(k.At, k.Id)));
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, d => new KeysetCursor(d.CreatedAt, d.Id), DeliveryResponse.From));
    }
}
