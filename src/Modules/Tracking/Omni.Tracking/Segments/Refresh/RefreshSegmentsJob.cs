using System.Text.Json;
using Microsoft.Extensions.Logging;
using Omni.Platform.Jobs;

namespace Omni.Tracking.Segments.Refresh;

/// <summary><c>tracking.refresh-segments</c>: refreshes one segment (payload <c>segment_id</c>) or all of the
/// org's, then makes sure the next periodic refresh of the org is queued while it has segments.</summary>
internal sealed class RefreshSegmentsJob(SegmentStore segments, SegmentRefresher refresher, SegmentSchedule schedule, ILogger<RefreshSegmentsJob> log) : IJobHandler
{
    public const string Type = "tracking.refresh-segments";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var orgId = job.OrgId ?? throw new JobPermanentFailureException("a segment refresh runs for an org");
        var ids = await segments.IdsAsync(orgId, ct);
        if (job.Payload.ValueKind == JsonValueKind.Object && job.Payload.TryGetProperty("segment_id", out var one) && one.ValueKind == JsonValueKind.String)
            ids = ids.Where(id => id == one.GetGuid()).ToList();
        foreach (var id in ids)
        {
            var result = await refresher.RefreshAsync(orgId, id, ct);
            if (result is { Entered: > 0 } or { Exited: > 0 })
                log.LogInformation("Segment {SegmentId}: {Entered} entered, {Exited} exited in {Ms} ms", id, result.Entered, result.Exited, result.TookMs);
        }
        if (ids.Count > 0 || (await segments.IdsAsync(orgId, ct)).Count > 0) await schedule.EnsureNextAsync(ct);
    }
}
