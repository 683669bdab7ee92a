using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;
using Omni.Tracking.Segments.Refresh;

namespace Omni.Tracking.Segments.SaveSegment;

internal static class UpdateSegmentEndpoint
{
    /// <summary>Replaces name and rules; members are refreshed against the new rules shortly after.</summary>
    public static async Task<Results<Ok<SegmentResponse>, NotFound>> Handle(
        Guid id, SaveSegmentRequest body, SegmentStore segments, JobQueue jobs, RequestContext request, CancellationToken ct)
    {
        var segment = await segments.UpdateAsync(request.OrgId, id, body.Name.Trim(), body.Rules, ct);
        if (segment is null) return TypedResults.NotFound();
        await jobs.EnqueueAsync(RefreshSegmentsJob.Type, new { segment_id = id }, ct: ct);
        return TypedResults.Ok(segment);
    }
}
