using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Omni.Leads.AutoLeads;
using Omni.Messaging.Contracts;
using Omni.Tests.Infrastructure;
using Omni.Tests.Messaging.Core;
using Omni.Tests.Tracking.Intake;
using Omni.Tracking.Contracts;

namespace Omni.Tests.Leads;

/// <summary>Rules open leads by themselves on a first inbound message or a tracked event, never two open
/// leads for one contact, even when the triggers arrive at once.</summary>
public sealed class AutoLeadTests
{
    [Fact]
    public async Task A_first_inbound_message_on_the_rules_channel_opens_one_lead_even_when_several_arrive_at_once()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = Guid.NewGuid();
        var rule = await (await client.PostAsJsonAsync("/api/v1/leads/rules",
            new { name = "WhatsApp", trigger = "first_inbound_message", channel_id = channel, source = "whatsapp", assignee_id = owner.Id })).ReadJsonAsync();
        Assert.True(rule.TryGetProperty("id", out _), rule.ToString());
        var contact = (await client.CreateContactAsync(new { name = "Carla", phone = "+5511987650001" })).GetProperty("id").GetGuid();
        var other = (await client.CreateContactAsync(new { name = "Dan", phone = "+5511987650002" })).GetProperty("id").GetGuid();

        ConversationStarted Started(Guid contactId, Guid channelId) =>
            new(org, Guid.NewGuid(), Guid.NewGuid(), contactId, channelId, DateTimeOffset.UtcNow);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            api.RunAsync(org, sp => sp.GetRequiredService<ConversationStartedHandler>().HandleAsync(Started(contact, channel), CancellationToken.None))));
        await api.RunAsync(org, sp => sp.GetRequiredService<ConversationStartedHandler>().HandleAsync(Started(other, Guid.NewGuid()), CancellationToken.None));

        var leads = await client.GetOkAsync(LeadsKit.Leads);
        var lead = Assert.Single(leads.GetProperty("items").EnumerateArray());
        Assert.Equal((contact, "Carla", "whatsapp", owner.Id), (lead.GetProperty("contact_id").GetGuid(), lead.GetProperty("title").GetString(),
            lead.GetProperty("source").GetString(), lead.GetProperty("assignee_id").GetGuid()));
        var history = await client.GetOkAsync($"{LeadsKit.Leads}/{lead.GetProperty("id")}/activities");
        Assert.Equal("system", history.GetProperty("items")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task A_published_message_event_reaches_the_rule_through_the_bus()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        (await client.PostAsJsonAsync("/api/v1/leads/rules", new { name = "Any channel", trigger = "first_inbound_message" })).EnsureSuccessStatusCode();
        var contact = (await client.CreateContactAsync(new { name = "Eva", phone = "+5511987650003" })).GetProperty("id").GetGuid();

        await api.RunAsync(org, sp => sp.GetRequiredService<Omni.Platform.Events.EventBus>().PublishAsync(
            new ConversationStarted(org, Guid.NewGuid(), Guid.NewGuid(), contact, Guid.NewGuid(), DateTimeOffset.UtcNow), CancellationToken.None));

        await Eventually.HoldsAsync(async () => (await client.GetOkAsync($"{LeadsKit.Leads}?contact_id={contact}")).Ids().Count == 1,
            async () => (await client.GetOkAsync(LeadsKit.Leads)).ToString());
    }

    [Fact]
    public async Task A_contacts_first_message_through_messaging_opens_a_lead_and_later_messages_of_that_conversation_do_not()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        (await client.PostAsJsonAsync("/api/v1/leads/rules", new { name = "Site chat", trigger = "first_inbound_message", channel_id = channel })).EnsureSuccessStatusCode();
        var sender = $"visitor-{Guid.NewGuid():N}";

        await api.ReceiveAsync(org, channel, [MessagingKit.Text("m-1", sender, "Hi, prices?", DateTimeOffset.UtcNow)]);
        var opened = await Eventually.ValueAsync(async () => (await client.GetOkAsync(LeadsKit.Leads)).Ids(), ids => ids.Count == 1);
        // Closing the lead leaves room for another open one: only the conversation's first message may open it.
        await client.PatchJsonAsync($"{LeadsKit.Leads}/{opened[0]}", """{"status":"lost","lost_reason":"no budget"}""");
        await api.ReceiveAsync(org, channel, [MessagingKit.Text("m-2", sender, "Anyone there?", DateTimeOffset.UtcNow)]);
        await Eventually.HoldsAsync(
            async () => await api.Database.AdminScalarAsync<long>(
                "select count(*) from omni.jobs where org_id = $1 and type like 'event:messaging.%' and status in ('pending', 'running')", org) == 0,
            () => Task.FromResult("event jobs still pending"));

        Assert.Equal(1L, await api.Database.AdminScalarAsync<long>(
            "select count(*) from omni.jobs where org_id = $1 and type = 'event:messaging.conversation_started:leads.first-inbound-message'", org));
        Assert.Equal(opened, (await client.GetOkAsync(LeadsKit.Leads)).Ids());
    }

    [Fact]
    public async Task A_tracked_event_rule_is_watched_and_its_event_opens_one_lead_unless_one_is_open()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var created = await client.PostAsJsonAsync("/api/v1/leads/rules", new { name = "Form", trigger = "tracked_event", event_name = "Lead", source = "site_form" });
        created.EnsureSuccessStatusCode();
        var contact = (await client.CreateContactAsync(new { name = "Fay", email = $"{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();

        Assert.Equal(["Lead"], await api.Database.AdminQueryAsync("select name from tracking.event_watches where org_id = $1", r => r.GetString(0), org));
        EventTracked Tracked(string name) => new(org, contact, Guid.NewGuid(), Guid.NewGuid().ToString(), name, DateTimeOffset.UtcNow);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            api.RunAsync(org, sp => sp.GetRequiredService<EventTrackedHandler>().HandleAsync(Tracked("Lead"), CancellationToken.None))));
        await api.RunAsync(org, sp => sp.GetRequiredService<EventTrackedHandler>().HandleAsync(Tracked("PageView"), CancellationToken.None));

        var lead = Assert.Single((await client.GetOkAsync(LeadsKit.Leads)).GetProperty("items").EnumerateArray());
        Assert.Equal("site_form", lead.GetProperty("source").GetString());

        var rule = (await client.GetOkAsync("/api/v1/leads/rules"))[0].GetProperty("id").GetGuid();
        (await client.DeleteAsync($"/api/v1/leads/rules/{rule}")).EnsureSuccessStatusCode();
        Assert.Empty(await api.Database.AdminQueryAsync("select name from tracking.event_watches where org_id = $1", r => r.GetString(0), org));
    }

    [Fact]
    public async Task Lead_events_a_visitor_sends_through_intake_open_one_lead_with_the_visitors_attribution()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        using var client = api.Client(source.Owner.Token, source.OrgId);
        (await client.PostAsJsonAsync("/api/v1/leads/rules", new { name = "Form", trigger = "tracked_event", event_name = "Lead" })).EnsureSuccessStatusCode();
        var identify = await api.PostTrackAsync("identify", new { write_key = source.WriteKey, anonymous_id = "v-lead", traits = new { email = $"{Guid.NewGuid():N}@example.com", name = "Gil" } });
        identify.EnsureSuccessStatusCode();

        var sends = Enumerable.Range(0, 3).Select(_ => api.PostTrackAsync("batch", new
        {
            write_key = source.WriteKey,
            events = new[] { IntakeKit.Event("Lead", anonymousId: "v-lead", context: new { url = "https://shop.example.com/form", utm_source = "ig", utm_campaign = "spring" }) },
        }));
        Assert.All(await Task.WhenAll(sends), r => r.EnsureSuccessStatusCode());

        await Eventually.HoldsAsync(
            async () => await api.Database.AdminScalarAsync<long>(
                "select count(*) from omni.jobs where org_id = $1 and type like 'event:tracking.event_tracked:leads%' and status <> 'succeeded'", source.OrgId) == 0
                && (await client.GetOkAsync(LeadsKit.Leads)).Ids().Count > 0,
            async () => (await client.GetOkAsync(LeadsKit.Leads)).ToString());
        var lead = Assert.Single((await client.GetOkAsync(LeadsKit.Leads)).GetProperty("items").EnumerateArray());
        Assert.Equal("Gil", lead.GetProperty("title").GetString());
        Assert.Equal(("ig", "spring"), (lead.GetProperty("first_touch").GetProperty("utm_source").GetString(), lead.GetProperty("first_touch").GetProperty("utm_campaign").GetString()));
        Assert.Equal(3L, await api.Database.AdminScalarAsync<long>(
            "select count(*) from omni.jobs where org_id = $1 and type like 'event:tracking.event_tracked:leads%'", source.OrgId));
    }
}
