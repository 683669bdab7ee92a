using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

public static class SegmentKit
{
    public static async Task<Guid> CreateSegmentAsync(this TrackingOrg org, params object[] conditions) =>
        (await org.PostOkAsync("/api/v1/segments", new { name = "Segment", rules = new { conditions } }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Waits until the refresh queued by a create or update has run, so that it cannot interleave with a test's own.</summary>
    public static Task SettledAsync(this TrackingOrg org) =>
        Eventually.HoldsAsync(
            async () => await org.Api.Database.AdminScalarAsync<long>(
                "select count(*) from omni.jobs where org_id = $1 and type = 'tracking.refresh-segments' and payload ? 'segment_id' and status in ('pending', 'running')",
                org.OrgId) == 0,
            () => Task.FromResult("the queued segment refresh did not run"));

    public static Task<JsonElement> RefreshAsync(this TrackingOrg org, Guid segment) => org.PostOkAsync($"/api/v1/segments/{segment}/refresh", new { });

    /// <summary>Every member, following the cursor.</summary>
    public static async Task<HashSet<Guid>> MembersAsync(this TrackingOrg org, Guid segment, int limit = 200)
    {
        var members = new HashSet<Guid>();
        string? cursor = null;
        do
        {
            var page = await org.GetOkAsync($"/api/v1/segments/{segment}/contacts?limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var id in page.ContactIds()) Assert.True(members.Add(id), "a member was served twice");
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        return members;
    }
}
