using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;
using Omni.Tracking.Segments.Refresh;

namespace Omni.Tracking.Segments.SaveSegment;

internal static class CreateSegmentEndpoint
{
    /// <summary>Saves the segment and queues its first refresh (members fill in shortly; <c>member_count</c> is 0 until then).</summary>
    public static async Task<Created<SegmentResponse>> Handle(SaveSegmentRequest body, SegmentStore segments, JobQueue jobs, RequestContext request, CancellationToken ct)
    {
        var segment = await segments.CreateAsync(request.OrgId, body.Name.Trim(), body.Rules, ct);
        await jobs.EnqueueAsync(RefreshSegmentsJob.Type, new { segment_id = segment.Id }, ct: ct);
        return TypedResults.Created($"/api/v1/segments/{segment.Id}", segment);
    }
}
