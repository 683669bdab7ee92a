using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Segments.ReadSegments;

internal static class GetSegmentEndpoint
{
    public static async Task<Results<Ok<SegmentResponse>, NotFound>> Handle(Guid id, SegmentStore segments, RequestContext request, CancellationToken ct) =>
        await segments.GetAsync(request.OrgId, id, forUpdate: false, ct) is { } segment ? TypedResults.Ok(segment) : TypedResults.NotFound();
}
