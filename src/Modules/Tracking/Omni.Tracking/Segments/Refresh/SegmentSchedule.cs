using Microsoft.Extensions.Configuration;
using Omni.Platform.Jobs;

namespace Omni.Tracking.Segments.Refresh;

/// <summary>The periodic refresh: one pending <c>tracking.refresh-segments</c> job per org at a time, due
/// <c>Omni:Tracking:SegmentRefreshInterval</c> (default one minute) from now. Runs as the system for the org,
/// which sees the org's jobs; a duplicate queued by a race runs once and does not queue another.</summary>
internal sealed class SegmentSchedule(JobQueue jobs, IConfiguration config)
{
    public TimeSpan Interval => config.GetValue("Omni:Tracking:SegmentRefreshInterval", TimeSpan.FromMinutes(1));

    public Task EnsureNextAsync(CancellationToken ct) => jobs.EnqueueUnlessPendingAsync(RefreshSegmentsJob.Type, new { }, DateTimeOffset.UtcNow + Interval, ct);
}
