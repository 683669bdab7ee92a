using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

/// <summary>Refreshes apply only the difference and announce each change through the outbox.</summary>
public sealed class SegmentRefreshTests
{
    private static Task<long> OutboxAsync(TrackingOrg org, string eventName, Guid segment, Guid contact) =>
        org.Api.Database.AdminScalarAsync<long>(
            "select count(*) from omni.jobs where org_id = $1 and type = $2 and payload ->> 'segment_id' = $3 and payload ->> 'contact_id' = $4",
            org.OrgId, $"event:segment.{eventName}:tests.segment-{eventName}", segment.ToString(), contact.ToString());

    [Fact]
    public async Task Given_a_member_stops_matching_when_refreshed_then_it_exits_and_both_changes_are_published()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        Guid stays = Guid.NewGuid(), leaves = Guid.NewGuid(), arrives = Guid.NewGuid();
        await org.EventAsync(stays, "Signed Up");
        await org.EventAsync(leaves, "Signed Up");
        var segment = await org.CreateSegmentAsync(new { type = "event", name = "Signed Up", within_days = 7 });
        await org.SettledAsync();

        var first = await org.RefreshAsync(segment);
        await org.Api.Database.AdminExecAsync("update tracking.events set occurred_at = now() - interval '30 days' where contact_id = $1", leaves);
        await org.EventAsync(arrives, "Signed Up");
        var second = await org.RefreshAsync(segment);
        var third = await org.RefreshAsync(segment);

        Assert.Equal(2, first.GetProperty("member_count").GetInt32());
        Assert.Equal((1, 1, 2), (second.GetProperty("entered").GetInt32(), second.GetProperty("exited").GetInt32(), second.GetProperty("member_count").GetInt32()));
        Assert.Equal((0, 0), (third.GetProperty("entered").GetInt32(), third.GetProperty("exited").GetInt32()));
        Assert.Equal(new HashSet<Guid> { stays, arrives }, await org.MembersAsync(segment));
        Assert.Equal(2, (await org.GetOkAsync($"/api/v1/segments/{segment}")).GetProperty("member_count").GetInt32());
        Assert.Equal(1, await OutboxAsync(org, "entered", segment, leaves));
        Assert.Equal(1, await OutboxAsync(org, "exited", segment, leaves));
        Assert.Equal(1, await OutboxAsync(org, "entered", segment, stays));
        Assert.Equal(0, await OutboxAsync(org, "exited", segment, stays));
        Assert.Equal(1, await OutboxAsync(org, "entered", segment, arrives));
    }

    [Fact]
    public async Task Given_a_new_segment_when_the_refresh_job_runs_then_its_members_fill_in_and_the_next_refresh_is_queued()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var contact = Guid.NewGuid();
        await org.EventAsync(contact, "Signed Up");

        var segment = await org.CreateSegmentAsync(new { type = "event", name = "Signed Up" });

        await Eventually.HoldsAsync(
            async () => (await org.GetOkAsync($"/api/v1/segments/{segment}")).GetProperty("member_count").GetInt32() == 1,
            async () => (await org.GetOkAsync($"/api/v1/segments/{segment}")).ToString());
        Assert.Equal([contact], await org.MembersAsync(segment));
        await Eventually.HoldsAsync(
            async () => await org.Api.Database.AdminScalarAsync<long>(
                "select count(*) from omni.jobs where org_id = $1 and type = 'tracking.refresh-segments' and status = 'pending' and run_at > now()", org.OrgId) == 1,
            () => Task.FromResult("no periodic refresh queued"));
    }

    [Fact]
    public async Task Given_many_members_when_paged_then_every_member_is_served_once_across_pages()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var contacts = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var c in contacts) await org.EventAsync(c, "Signed Up");
        var segment = await org.CreateSegmentAsync(new { type = "event", name = "Signed Up" });
        await org.RefreshAsync(segment);

        var first = await org.GetOkAsync($"/api/v1/segments/{segment}/contacts?limit=3");

        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.NotNull(first.GetProperty("next_cursor").GetString());
        Assert.Equal(contacts.ToHashSet(), await org.MembersAsync(segment, limit: 3));
    }
}
