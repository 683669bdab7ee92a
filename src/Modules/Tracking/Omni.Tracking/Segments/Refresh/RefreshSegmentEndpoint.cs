using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Segments.Refresh;

internal static class RefreshSegmentEndpoint
{
    /// <summary>Refreshes the segment now, in this request, and says what changed (the periodic job does the
    /// same every minute).</summary>
    public static async Task<Results<Ok<RefreshResponse>, NotFound>> Handle(Guid id, SegmentRefresher refresher, RequestContext request, CancellationToken ct) =>
        await refresher.RefreshAsync(request.OrgId, id, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();
}
