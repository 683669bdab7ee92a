using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

/// <summary>The analytics reads: the event list, funnels, a person's journey and a contact's timeline.</summary>
public sealed class AnalyticsReadTests
{
    private static string[] Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task Given_events_when_listed_with_filters_then_only_matching_events_come_newest_first_across_pages()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var contact = Guid.NewGuid();
        for (var i = 0; i < 5; i++) await org.EventAsync(contact, "Signed Up", daysAgo: i + 1);
        await org.EventAsync(Guid.NewGuid(), "Signed Up", daysAgo: 1);
        await org.PageAsync(contact, "https://shop.example.com/", daysAgo: 0.5);
        await org.EventAsync(contact, "Signed Up", daysAgo: 20);

        var first = await org.GetOkAsync($"/api/v1/analytics/events?name=Signed%20Up&contact_id={contact}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-10).ToString("O"))}&limit=3");
        var second = await org.GetOkAsync($"/api/v1/analytics/events?name=Signed%20Up&contact_id={contact}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-10).ToString("O"))}&limit=3&cursor={Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!)}");
        var pages = await org.GetOkAsync("/api/v1/analytics/events?type=page");

        var times = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("occurred_at").GetDateTimeOffset()).ToList();
        Assert.Equal(5, times.Count);
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        Assert.Equal(["Page View"], Names(pages));
        await (await org.Client.GetAsync("/api/v1/analytics/events?type=click")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Given_a_small_known_dataset_when_a_funnel_runs_then_each_step_counts_people_who_did_the_steps_in_order_within_the_window()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        // a: all three in order; b: first two; c: cart before pricing (only step 1 counts);
        // d: all three but the purchase 10 days after its first pricing view (outside a 7-day window); e: cart only.
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid(), d = Guid.NewGuid(), e = Guid.NewGuid();
        const string pricing = """{"path":"/pricing"}""";
        await org.EventAsync(a, "Page View", 5, "page", properties: pricing);
        await org.EventAsync(a, "Added To Cart", 4.5);
        await org.EventAsync(a, "Purchase", 4);
        await org.EventAsync(b, "Page View", 5, "page", properties: pricing);
        await org.EventAsync(b, "Added To Cart", 3);
        await org.EventAsync(c, "Added To Cart", 6);
        await org.EventAsync(c, "Page View", 5, "page", properties: pricing);
        await org.EventAsync(d, "Page View", 15, "page", properties: pricing);
        await org.EventAsync(d, "Added To Cart", 14);
        await org.EventAsync(d, "Purchase", 5);
        await org.EventAsync(e, "Added To Cart", 2);
        await org.EventAsync(e, "Page View", 5, "page", properties: """{"path":"/blog"}""");

        var funnel = await org.PostOkAsync("/api/v1/analytics/funnels", new
        {
            steps = new object[] { new { name = "Page View", property_key = "path", property_value = "/pricing" }, new { name = "Added To Cart" }, new { name = "Purchase" } },
            from = DateTimeOffset.UtcNow.AddDays(-30),
            window_hours = 24 * 7,
        });

        var steps = funnel.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal([4L, 3L, 1L], steps.Select(s => s.GetProperty("count").GetInt64()));
        Assert.Equal(0.75, steps[1].GetProperty("conversion_from_previous").GetDouble());
        Assert.Equal(0.3333, steps[2].GetProperty("conversion_from_previous").GetDouble());
        Assert.Equal(0.25, steps[2].GetProperty("conversion_from_first").GetDouble());
        var invalid = await org.Client.PostAsync("/api/v1/analytics/funnels",
            new StringContent("""{"steps":[{"name":"Page View"}]}""", System.Text.Encoding.UTF8, "application/json"));
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Given_two_anonymous_ids_linked_to_one_contact_when_the_journey_is_read_then_all_their_events_come_in_time_order()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var contact = Guid.NewGuid();
        await org.Api.Database.AdminExecAsync(
            "insert into tracking.identities (org_id, anonymous_id, contact_id) values ($1, 'laptop', $2), ($1, 'phone', $2)", org.OrgId, contact);
        await org.PageAsync(null, "https://shop.example.com/a", daysAgo: 5, anonymousId: "laptop");
        await org.PageAsync(null, "https://shop.example.com/b", daysAgo: 4, anonymousId: "phone");
        await org.EventAsync(contact, "Signed Up", daysAgo: 3, anonymousId: "phone");
        await org.PageAsync(null, "https://shop.example.com/c", daysAgo: 2, anonymousId: "laptop");
        await org.PageAsync(null, "https://shop.example.com/other", daysAgo: 1, anonymousId: "someone-else");

        var byContact = await org.GetOkAsync($"/api/v1/analytics/journey?contact_id={contact}&limit=2");
        var rest = await org.GetOkAsync($"/api/v1/analytics/journey?contact_id={contact}&limit=2&cursor={Uri.EscapeDataString(byContact.GetProperty("next_cursor").GetString()!)}");
        var byVisitor = await org.GetOkAsync("/api/v1/analytics/journey?anonymous_id=laptop");

        string[] Urls(params JsonElement[] pages) => pages.SelectMany(p => p.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("url").GetString() ?? i.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["https://shop.example.com/a", "https://shop.example.com/b", "Signed Up", "https://shop.example.com/c"], Urls(byContact, rest));
        Assert.Equal(Urls(byContact, rest), Urls(byVisitor));
        await (await org.Client.GetAsync("/api/v1/analytics/journey")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Given_events_and_messages_when_the_timeline_is_read_then_they_come_merged_newest_first_across_pages()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        var contact = (await org.Client.CreateContactAsync(new { name = "Ada", email = $"ada-{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();
        await org.EventAsync(contact, "Signed Up", daysAgo: 5);
        await org.PageAsync(contact, "https://shop.example.com/pricing", daysAgo: 3);
        await org.EventAsync(contact, "Purchase", daysAgo: 1);
        await org.Api.Database.AdminExecAsync("""
            with i as (insert into messaging.contact_inboxes (id, org_id, contact_id, channel_id, source_id)
                       values (gen_random_uuid(), $1, $2, gen_random_uuid(), gen_random_uuid()::text) returning id, channel_id),
            c as (insert into messaging.conversations (id, org_id, channel_id, channel_type, contact_id, contact_inbox_id)
                  select gen_random_uuid(), $1, i.channel_id, 'whatsapp', $2, i.id from i returning id, channel_id)
            insert into messaging.messages (id, org_id, conversation_id, channel_id, direction, type, content, sender_type, sent_at)
            select gen_random_uuid(), $1, c.id, c.channel_id, d, 'text', t, s, now() - make_interval(days => n)
            from c, (values ('inbound', 'Is there a discount?', 'contact', 4), ('outbound', 'Yes, 10%', 'agent', 2)) as m(d, t, s, n)
            """, org.OrgId, contact);

        var first = await org.GetOkAsync($"/api/v1/contacts/{contact}/timeline?limit=3");
        var second = await org.GetOkAsync($"/api/v1/contacts/{contact}/timeline?limit=3&cursor={Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!)}");

        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(["event", "message", "event", "message", "event"], items.Select(i => i.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal("Yes, 10%", items[1].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("Signed Up", items[4].GetProperty("event").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await org.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}/timeline")).StatusCode);
    }

    [Fact]
    public async Task Given_another_orgs_events_when_read_then_lists_journeys_funnels_and_timelines_show_none_of_them()
    {
        var api = await TestApi.Shared;
        var a = await api.NewTrackingOrgAsync();
        var b = await api.NewTrackingOrgAsync();
        var contact = (await a.Client.CreateContactAsync(new { name = "Ben", email = $"ben-{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();
        await a.EventAsync(contact, "Signed Up", anonymousId: "shared-visitor");
        await a.EventAsync(contact, "Purchase", anonymousId: "shared-visitor");

        var events = await b.GetOkAsync("/api/v1/analytics/events");
        var journey = await b.GetOkAsync($"/api/v1/analytics/journey?contact_id={contact}");
        var visitor = await b.GetOkAsync("/api/v1/analytics/journey?anonymous_id=shared-visitor");
        var funnel = await b.PostOkAsync("/api/v1/analytics/funnels", new { steps = new[] { new { name = "Signed Up" }, new { name = "Purchase" } } });
        var timeline = await b.Client.GetAsync($"/api/v1/contacts/{contact}/timeline");

        Assert.Equal(0, events.GetProperty("items").GetArrayLength());
        Assert.Equal(0, journey.GetProperty("items").GetArrayLength());
        Assert.Equal(0, visitor.GetProperty("items").GetArrayLength());
        Assert.Equal(0, funnel.GetProperty("steps")[0].GetProperty("count").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, timeline.StatusCode);
        Assert.Equal(2, (await a.GetOkAsync("/api/v1/analytics/events")).GetProperty("items").GetArrayLength());
    }
}
