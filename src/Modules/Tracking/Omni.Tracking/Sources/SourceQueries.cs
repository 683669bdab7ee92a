using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Data;

namespace Omni.Tracking.Sources;

internal static class ListSourcesEndpoint
{
    /// <summary>Newest first.</summary>
    public static async Task<Ok<Page<SourceResponse>>> Handle(int? limit, string? cursor, TrackingDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var query = db.Sources.Where(s => s.OrgId == request.OrgId);
        if (after is { } k)
            query = query.Where(s => EF.Functions.LessThan(ValueTuple.Create(s.CreatedAt, s.Id), ValueTuple.Create(k.At, k.Id)));
        var rows = await query.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, s => new KeysetCursor(s.CreatedAt, s.Id), s => SourceResponse.From(s)));
    }
}

internal static class GetSourceEndpoint
{
    public static async Task<Results<Ok<SourceResponse>, NotFound>> Handle(Guid id, TrackingDbContext db, RequestContext request, CancellationToken ct) =>
        await db.Sources.SingleOrDefaultAsync(s => s.Id == id && s.OrgId == request.OrgId, ct) is { } source
            ? TypedResults.Ok(SourceResponse.From(source))
            : TypedResults.NotFound();
}
