using Microsoft.Extensions.Configuration;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Segments.Refresh;

/// <summary>The periodic refresh: one pending <c>tracking.refresh-segments</c> job per org at a time, due
/// <c>Omni:Tracking:SegmentRefreshInterval</c> (default one minute) from now. Runs as the system for the org,
/// which sees the org's jobs; a duplicate queued by a race runs once and does not queue another.</summary>
internal sealed class SegmentSchedule(DbSession session, JobQueue jobs, RequestContext request, IConfiguration config)
{
    public TimeSpan Interval => config.GetValue("Omni:Tracking:SegmentRefreshInterval", TimeSpan.FromMinutes(1));

    public async Task EnsureNextAsync(CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select exists (select 1 from omni.jobs where type = $1 and status = 'pending' and org_id = $2)", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, RefreshSegmentsJob.Type);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        if (await cmd.ExecuteScalarAsync(ct) is true) return;
        await jobs.EnqueueAsync(RefreshSegmentsJob.Type, new { }, DateTimeOffset.UtcNow + Interval, ct: ct);
    }
}
