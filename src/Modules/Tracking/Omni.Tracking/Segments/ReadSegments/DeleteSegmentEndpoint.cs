using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Segments.ReadSegments;

internal static class DeleteSegmentEndpoint
{
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, SegmentStore segments, RequestContext request, CancellationToken ct) =>
        await segments.DeleteAsync(request.OrgId, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
