using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omni.Tests.Infrastructure;
using Omni.Tracking.Contracts;

namespace Omni.Tests.Tracking.Intake;

/// <summary>Other modules watch event names (automatic leads on <c>Lead</c>): a stored event of a known contact
/// with a watched name is announced once, when it is stored or when its visitor identifies; anything else is
/// announced never. A contact's first and last touch come from its campaign events.</summary>
public sealed class WatchedEventsTests
{
    private static Task<List<(string Name, Guid Contact, string EventId)>> AnnouncedAsync(TestApi api, Guid org) =>
        api.Database.AdminQueryAsync(
            "select payload ->> 'name', (payload ->> 'contact_id')::uuid, payload ->> 'event_id' from omni.jobs where org_id = $1 and type = 'event:tracking.event_tracked:tests.event-tracked' order by created_at",
            r => (r.GetString(0), r.GetGuid(1), r.GetString(2)), org);

    private static Task WatchAsync(TestApi api, Guid org, params string[] names) =>
        api.RunAsync(org, sp => sp.GetRequiredService<ITrackedEventWatch>().WatchAsync("tests", names, CancellationToken.None));

    [Fact]
    public async Task A_watched_event_is_announced_once_when_its_visitor_identifies_and_at_once_after_that()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        await WatchAsync(api, source.OrgId, "Lead", "Purchase");
        object Batch(params object[] events) => new { write_key = source.WriteKey, events };
        var beforeIdentify = Guid.NewGuid().ToString();
        var afterIdentify = Guid.NewGuid().ToString();

        await api.PostTrackAsync("batch", Batch(IntakeKit.Event("Lead", eventId: beforeIdentify, anonymousId: "v-1"), IntakeKit.Event("AddToCart", anonymousId: "v-1")));
        Assert.Empty(await AnnouncedAsync(api, source.OrgId));
        Assert.Equal(HttpStatusCode.OK, (await api.PostTrackAsync("identify", new { write_key = source.WriteKey, anonymous_id = "v-1", traits = new { email = "lea@example.com" } })).StatusCode);
        var replay = IntakeKit.Event("Purchase", eventId: afterIdentify, anonymousId: "v-1");
        await api.PostTrackAsync("batch", Batch(replay, IntakeKit.Event("PageView", type: "page", anonymousId: "v-1")));
        await api.PostTrackAsync("batch", Batch(replay));

        var announced = await AnnouncedAsync(api, source.OrgId);
        Assert.Equal([("Lead", beforeIdentify), ("Purchase", afterIdentify)], announced.Select(a => (a.Name, a.EventId)));
        Assert.Single(announced.Select(a => a.Contact).Distinct());
    }

    [Fact]
    public async Task Names_compare_exactly_and_unwatching_stops_announcements()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        await WatchAsync(api, source.OrgId, "Lead");
        Assert.Equal(HttpStatusCode.OK, (await api.PostTrackAsync("identify", new { write_key = source.WriteKey, anonymous_id = "v-2", traits = new { email = "ola@example.com" } })).StatusCode);

        var watched = Guid.NewGuid().ToString();
        await api.PostTrackAsync("batch", new { write_key = source.WriteKey, events = new[] { IntakeKit.Event("Lead", eventId: watched, anonymousId: "v-2") } });
        await api.PostTrackAsync("batch", new { write_key = source.WriteKey, events = new[] { IntakeKit.Event("lead", anonymousId: "v-2") } });
        await WatchAsync(api, source.OrgId);
        await api.PostTrackAsync("batch", new { write_key = source.WriteKey, events = new[] { IntakeKit.Event("Lead", anonymousId: "v-2") } });

        Assert.Equal([watched], (await AnnouncedAsync(api, source.OrgId)).Select(a => a.EventId));
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>("select count(*) from tracking.event_watches where org_id = $1", source.OrgId));
    }

    [Fact]
    public async Task First_and_last_touch_are_the_earliest_and_latest_campaign_or_outside_referrer_events()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var contact = Guid.NewGuid();
        await org.EventAsync(contact, "Page View", daysAgo: 9, type: "page", url: "https://shop.example.com/", context: """{"referrer":"https://shop.example.com/cart"}""");
        await org.EventAsync(contact, "Page View", daysAgo: 8, type: "page", url: "https://shop.example.com/?utm_source=ig",
            context: """{"utm_source":"ig","utm_medium":"social","utm_campaign":"spring","referrer":"https://instagram.com/"}""");
        await org.EventAsync(contact, "Page View", daysAgo: 3, type: "page", url: "https://shop.example.com/p/1", context: """{"referrer":"https://www.google.com/"}""");
        await org.EventAsync(contact, "AddToCart", daysAgo: 1, url: "https://shop.example.com/p/1", context: """{"referrer":"https://shop.example.com/"}""");

        ContactAttribution? found = null, none = null;
        await org.Api.RunAsync(org.OrgId, async sp =>
        {
            var attribution = sp.GetRequiredService<IContactAttribution>();
            found = await attribution.GetAsync(contact, CancellationToken.None);
            none = await attribution.GetAsync(Guid.NewGuid(), CancellationToken.None);
        });

        Assert.Null(none);
        Assert.NotNull(found);
        Assert.Equal(("ig", "social", "spring", "https://instagram.com/"), (found.FirstTouch.UtmSource, found.FirstTouch.UtmMedium, found.FirstTouch.UtmCampaign, found.FirstTouch.Referrer));
        Assert.Equal(("https://www.google.com/", "https://shop.example.com/p/1", (string?)null), (found.LastTouch.Referrer, found.LastTouch.LandingUrl, found.LastTouch.UtmSource));
        Assert.True(found.FirstTouch.At < found.LastTouch.At);
    }
}
