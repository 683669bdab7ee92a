using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Segments.ReadSegments;

internal static class ListSegmentsEndpoint
{
    /// <summary>Newest first.</summary>
    public static async Task<Ok<Page<SegmentResponse>>> Handle(int? limit, string? cursor, SegmentStore segments, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var rows = await segments.ListAsync(request.OrgId, after, take + 1, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, s => new KeysetCursor(s.CreatedAt, s.Id), s => s));
    }
}
