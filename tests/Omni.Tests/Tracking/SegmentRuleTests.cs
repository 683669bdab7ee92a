using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

/// <summary>Each kind of segment condition, evaluated by a refresh over seeded events.</summary>
public sealed class SegmentRuleTests
{
    [Fact]
    public async Task Given_event_counts_when_refreshed_then_only_contacts_with_enough_recent_events_are_members()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        Guid often = Guid.NewGuid(), twice = Guid.NewGuid(), longAgo = Guid.NewGuid();
        for (var i = 0; i < 3; i++) await org.EventAsync(often, "Viewed Pricing", daysAgo: 1 + i);
        for (var i = 0; i < 2; i++) await org.EventAsync(twice, "Viewed Pricing");
        for (var i = 0; i < 3; i++) await org.EventAsync(longAgo, "Viewed Pricing", daysAgo: 40);
        await org.EventAsync(twice, "Signed Up");

        var segment = await org.CreateSegmentAsync(new { type = "event", name = "Viewed Pricing", min_count = 3, within_days = 30 });
        await org.RefreshAsync(segment);

        Assert.Equal([often], await org.MembersAsync(segment));
    }

    [Fact]
    public async Task Given_event_properties_when_refreshed_then_equals_and_contains_match_as_written()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        Guid pro = Guid.NewGuid(), team = Guid.NewGuid(), otherEvent = Guid.NewGuid();
        await org.EventAsync(pro, "Added To Cart", properties: """{"plan":"pro","sku":"PRO-Annual"}""");
        await org.EventAsync(team, "Added To Cart", properties: """{"plan":"team","sku":"team-monthly"}""");
        await org.EventAsync(otherEvent, "Viewed Plan", properties: """{"plan":"pro"}""");

        var equals = await org.CreateSegmentAsync(new { type = "property", @event = "Added To Cart", key = "plan", op = "equals", value = "pro" });
        var contains = await org.CreateSegmentAsync(new { type = "property", key = "sku", op = "contains", value = "annual" });
        var anyEvent = await org.CreateSegmentAsync(new { type = "property", key = "plan", op = "equals", value = "pro" });
        foreach (var s in new[] { equals, contains, anyEvent }) await org.RefreshAsync(s);

        Assert.Equal([pro], await org.MembersAsync(equals));
        Assert.Equal([pro], await org.MembersAsync(contains));
        Assert.Equal(new HashSet<Guid> { pro, otherEvent }, await org.MembersAsync(anyEvent));
    }

    [Fact]
    public async Task Given_page_views_when_refreshed_then_url_contains_and_prefix_match_page_views_in_the_window()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        Guid pricing = Guid.NewGuid(), blog = Guid.NewGuid(), old = Guid.NewGuid();
        await org.PageAsync(pricing, "https://shop.example.com/pricing?plan=pro");
        await org.PageAsync(blog, "https://shop.example.com/blog/pricing-explained");
        await org.PageAsync(old, "https://shop.example.com/pricing", daysAgo: 10);

        var prefix = await org.CreateSegmentAsync(new { type = "url", op = "prefix", value = "https://shop.example.com/pricing", within_days = 7 });
        var contains = await org.CreateSegmentAsync(new { type = "url", op = "contains", value = "pricing", within_days = 7 });
        await org.RefreshAsync(prefix);
        await org.RefreshAsync(contains);

        Assert.Equal([pricing], await org.MembersAsync(prefix));
        Assert.Equal(new HashSet<Guid> { pricing, blog }, await org.MembersAsync(contains));
    }

    [Fact]
    public async Task Given_scores_when_refreshed_then_contacts_in_the_score_range_are_members()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        Guid high = Guid.NewGuid(), low = Guid.NewGuid();
        await org.Api.Database.AdminExecAsync("""
            with m as (insert into tracking.score_models (id, org_id, features, weights, samples, positives) values (gen_random_uuid(), $1, '[]', '{}', 0, 0) returning id)
            insert into tracking.contact_scores (org_id, contact_id, model_id, score) select $1, c, m.id, s from m, unnest($2::uuid[], $3::real[]) as t(c, s)
            """, org.OrgId, new[] { high, low }, new[] { 0.9f, 0.2f });

        var segment = await org.CreateSegmentAsync(new { type = "score", min = 0.5, max = 1.0 });
        await org.RefreshAsync(segment);

        Assert.Equal([high], await org.MembersAsync(segment));
    }

    [Fact]
    public async Task Given_conversations_when_refreshed_then_the_channel_condition_asks_messaging_for_contacts_on_that_channel_type()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        Guid onWhatsApp = Guid.NewGuid(), onTelegram = Guid.NewGuid();
        foreach (var (contact, type) in new[] { (onWhatsApp, "whatsapp"), (onTelegram, "telegram") })
        {
            await org.Api.Database.AdminExecAsync("""
                with i as (insert into messaging.contact_inboxes (id, org_id, contact_id, channel_id, source_id)
                           values (gen_random_uuid(), $1, $2, gen_random_uuid(), gen_random_uuid()::text) returning id, channel_id)
                insert into messaging.conversations (id, org_id, channel_id, channel_type, contact_id, contact_inbox_id)
                select gen_random_uuid(), $1, i.channel_id, $3, $2, i.id from i
                """, org.OrgId, contact, type);
            await org.EventAsync(contact, "Viewed Pricing");
        }

        var segment = await org.CreateSegmentAsync(
            new { type = "channel", channel_type = "whatsapp" }, new { type = "event", name = "Viewed Pricing" });
        await org.RefreshAsync(segment);

        Assert.Equal([onWhatsApp], await org.MembersAsync(segment));
    }

    [Fact]
    public async Task Given_leads_when_refreshed_then_the_lead_stage_condition_asks_leads_for_contacts_with_a_lead_in_that_stage()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        async Task<Guid> ContactAsync(string name) =>
            (await org.PostOkAsync("/api/v1/contacts", new { name }, System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var pipelines = await org.GetOkAsync("/api/v1/pipelines");
        var stages = pipelines.EnumerateArray().Single(p => p.GetProperty("is_default").GetBoolean()).GetProperty("stages").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("id").GetGuid());
        Guid negotiating = await ContactAsync("Negotiating"), bought = await ContactAsync("Bought");
        var lead = (await org.PostOkAsync("/api/v1/leads", new { title = "50 seats", contact_id = negotiating }, System.Net.HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await org.PostOkAsync("/api/v1/leads", new { title = "10 seats", contact_id = bought, stage_id = stages["Won"] }, System.Net.HttpStatusCode.Created);

        var segment = await org.CreateSegmentAsync(new { type = "lead_stage", stage_id = stages["New"] });
        await org.RefreshAsync(segment);
        Assert.Equal([negotiating], await org.MembersAsync(segment));

        var moved = await org.Client.PatchAsJsonAsync($"/api/v1/leads/{lead}", new { stage_id = stages["Won"] });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        await org.RefreshAsync(segment);
        Assert.Empty(await org.MembersAsync(segment));

        var missing = await org.Client.PostAsJsonAsync("/api/v1/segments", new { name = "No stage", rules = new { conditions = new[] { new { type = "lead_stage" } } } });
        var problem = await missing.AssertProblemAsync(System.Net.HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("rules.conditions[0].stage_id", out _), problem.ToString());
    }

    [Fact]
    public async Task Given_several_conditions_when_refreshed_then_members_meet_all_of_them()
    {
        var org = await (await TestApi.Shared).NewTrackingOrgAsync();
        Guid both = Guid.NewGuid(), eventOnly = Guid.NewGuid();
        await org.EventAsync(both, "Signed Up");
        await org.PageAsync(both, "https://shop.example.com/pricing");
        await org.EventAsync(eventOnly, "Signed Up");

        var segment = await org.CreateSegmentAsync(new { type = "event", name = "Signed Up" }, new { type = "url", op = "contains", value = "/pricing" });
        await org.RefreshAsync(segment);

        Assert.Equal([both], await org.MembersAsync(segment));
    }
}
