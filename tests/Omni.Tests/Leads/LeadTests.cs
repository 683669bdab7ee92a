using System.Net;
using System.Net.Http.Json;
using System.Text;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Leads;

public sealed class LeadTests
{
    [Fact]
    public async Task A_lead_is_created_in_the_default_pipelines_first_stage_with_its_contact_and_history()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var contact = (await client.CreateContactAsync(new { name = "Maria", email = $"{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();

        var lead = await client.CreateLeadAsync(new
        {
            title = "Acme: 50 seats", contact_id = contact, value = 12500.5m, currency = "brl", source = "website", assignee_id = owner.Id,
            expected_close_date = "2026-03-31", custom_fields = new { plan = "business" },
        });

        var pipeline = await client.DefaultPipelineAsync();
        Assert.Equal(pipeline.StageId("New"), lead.GetProperty("stage_id").GetGuid());
        Assert.Equal("open", lead.GetProperty("status").GetString());
        Assert.Equal("BRL", lead.GetProperty("currency").GetString());
        Assert.Equal(12500.5m, lead.GetProperty("value").GetDecimal());
        Assert.Equal("2026-03-31", lead.GetProperty("expected_close_date").GetString());
        Assert.Equal("business", lead.GetProperty("custom_fields").GetProperty("plan").GetString());
        var history = await client.GetOkAsync($"{LeadsKit.Leads}/{lead.GetProperty("id")}/activities");
        var created = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal("created", created.GetProperty("type").GetString());
        Assert.Equal(owner.Id, created.GetProperty("actor_id").GetGuid());
        Assert.Equal("user", created.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_stored()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);

        var invalid = await client.PostAsJsonAsync(LeadsKit.Leads, new { title = "", value = -1, currency = "XXX", status = "maybe", custom_fields = new[] { 1 } });
        var unknownContact = await client.PostAsJsonAsync(LeadsKit.Leads, new { title = "T", contact_id = Guid.NewGuid() });
        var stranger = await client.PostAsJsonAsync(LeadsKit.Leads, new { title = "T", assignee_id = Guid.NewGuid() });
        var unknownStage = await client.PostAsJsonAsync(LeadsKit.Leads, new { title = "T", stage_id = Guid.NewGuid() });
        var valueWithoutCurrency = await client.PostAsJsonAsync(LeadsKit.Leads, new { title = "T", value = 10 });

        await invalid.AssertInvalidFieldsAsync("title", "value", "currency", "status", "custom_fields");
        await unknownContact.AssertInvalidFieldsAsync("contact_id");
        await stranger.AssertInvalidFieldsAsync("assignee_id");
        await unknownStage.AssertInvalidFieldsAsync("stage_id");
        await valueWithoutCurrency.AssertInvalidFieldsAsync("currency");
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>("select count(*) from leads.leads where org_id = $1", org));
    }

    [Fact]
    public async Task Every_change_is_recorded_in_the_history_newest_first_and_paginated()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, org, agent, "agent");
        using var client = api.Client(owner.Token, org);
        var pipeline = await client.DefaultPipelineAsync();
        var id = await client.CreateLeadIdAsync(new { title = "Deal", value = 10, currency = "USD" });
        var url = $"{LeadsKit.Leads}/{id}";

        await client.PatchJsonAsync(url, """{"title":"Bigger deal","value":20}""");
        await client.PatchJsonAsync(url, $$"""{"stage_id":"{{pipeline.StageId("Qualified")}}"}""");
        await client.PatchJsonAsync(url, $$"""{"assignee_id":"{{agent.Id}}"}""");
        var lost = await client.PatchJsonAsync(url, """{"status":"lost","lost_reason":"Budget"}""");
        (await client.PostAsJsonAsync($"{url}/notes", new { body = "They may come back in Q3." })).EnsureSuccessStatusCode();

        Assert.Equal("lost", lost.GetProperty("status").GetString());
        Assert.Equal(pipeline.StageId("Lost"), lost.GetProperty("stage_id").GetGuid());
        Assert.Equal("Budget", lost.GetProperty("lost_reason").GetString());
        var first = await client.GetOkAsync($"{url}/activities?limit=3");
        var rest = await client.GetOkAsync($"{url}/activities?limit=10&cursor={first.GetProperty("next_cursor").GetString()}");
        Assert.Equal(["note_added", "status_changed", "stage_changed"], first.Types());
        Assert.Equal(["assigned", "stage_changed", "edited", "created"], rest.Types());
        var edited = rest.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "edited");
        Assert.Equal("Bigger deal", edited.GetProperty("data").GetProperty("changes").GetProperty("title").GetProperty("to").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rest.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_write_and_an_agent_edits_only_assigned_leads_when_the_org_says_so()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var viewer = Actors.NewUser();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, org, viewer, "viewer");
        await api.AddMemberAsync(owner, org, agent, "agent");
        using var asOwner = api.Client(owner.Token, org);
        using var asViewer = api.Client(viewer.Token, org);
        using var asAgent = api.Client(agent.Token, org);
        var theirs = await asOwner.CreateLeadIdAsync(new { title = "Owner's", assignee_id = owner.Id });
        var mine = await asOwner.CreateLeadIdAsync(new { title = "Agent's", assignee_id = agent.Id });

        await asViewer.GetOkAsync($"{LeadsKit.Leads}/{theirs}");
        await (await asViewer.PostAsJsonAsync(LeadsKit.Leads, new { title = "No" })).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
        await asAgent.PatchJsonAsync($"{LeadsKit.Leads}/{theirs}", """{"title":"Agents may, by default"}""");

        (await asOwner.PatchAsync($"/api/v1/orgs/{org}", JsonContent.Create(new { agents_edit_assigned_only = true }))).EnsureSuccessStatusCode();
        var refused = await asAgent.PatchAsync($"{LeadsKit.Leads}/{theirs}", new StringContent("""{"title":"Not mine"}""", Encoding.UTF8, "application/json"));
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "lead_not_assigned_to_you");
        await (await asAgent.PostAsJsonAsync($"{LeadsKit.Leads}/{theirs}/notes", new { body = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "lead_not_assigned_to_you");
        await (await asAgent.DeleteAsync($"{LeadsKit.Leads}/{theirs}")).AssertProblemAsync(HttpStatusCode.Forbidden, "lead_not_assigned_to_you");
        await asAgent.PatchJsonAsync($"{LeadsKit.Leads}/{mine}", """{"title":"Mine to change"}""");
        await asOwner.PatchJsonAsync($"{LeadsKit.Leads}/{theirs}", """{"title":"Owners always may"}""");
        Assert.Equal("Owners always may", await api.Database.AdminScalarAsync<string>("select title from leads.leads where id = $1", theirs));
    }

    [Fact]
    public async Task Another_org_can_neither_see_nor_change_a_lead()
    {
        var api = await TestApi.Shared;
        var (ownerA, orgA) = await api.NewOrgAsync("A");
        var (ownerB, orgB) = await api.NewOrgAsync("B");
        using var a = api.Client(ownerA.Token, orgA);
        using var b = api.Client(ownerB.Token, orgB);
        var id = await a.CreateLeadIdAsync(new { title = "Secret deal", value = 5, currency = "EUR" });

        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"{LeadsKit.Leads}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.PatchAsync($"{LeadsKit.Leads}/{id}", JsonContent.Create(new { title = "Mine" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.DeleteAsync($"{LeadsKit.Leads}/{id}")).StatusCode);
        Assert.Empty((await b.GetOkAsync(LeadsKit.Leads)).Ids());
        var stageOfA = (await a.DefaultPipelineAsync()).StageId("New");
        await (await b.PostAsJsonAsync(LeadsKit.Leads, new { title = "Into A's stage", stage_id = stageOfA })).AssertInvalidFieldsAsync("stage_id");
        Assert.Equal("Secret deal", (await a.GetOkAsync($"{LeadsKit.Leads}/{id}")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_creates_one_lead()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, LeadsKit.Leads) { Content = JsonContent.Create(new { title = "Once" }) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }
        var first = await SendAsync();
        var second = await SendAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("id").GetGuid(), (await second.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(1L, await api.Database.AdminScalarAsync<long>("select count(*) from leads.leads where org_id = $1", org));
    }
}
