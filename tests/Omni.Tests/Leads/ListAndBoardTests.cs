using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Leads;

public sealed class ListAndBoardTests
{
    [Fact]
    public async Task Filters_combine_and_keyset_pages_cover_every_match_once_in_a_stable_order()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, org, agent, "agent");
        using var client = api.Client(owner.Token, org);
        using var asAgent = api.Client(agent.Token, org);
        var pipeline = await client.DefaultPipelineAsync();
        var contact = (await client.CreateContactAsync(new { name = "Ana", email = $"{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();

        var expected = new List<Guid>();
        for (var i = 0; i < 7; i++)
            expected.Add(await client.CreateLeadIdAsync(new { title = $"Solar panels {i}", value = 1000 + i, currency = "BRL", assignee_id = agent.Id, source = "ads", expected_close_date = "2026-02-10" }));
        await client.CreateLeadIdAsync(new { title = "Solar panels cheap", value = 10, currency = "BRL", assignee_id = agent.Id, source = "ads" });
        await client.CreateLeadIdAsync(new { title = "Solar panels won", value = 5000, currency = "BRL", assignee_id = agent.Id, status = "won" });
        await client.CreateLeadIdAsync(new { title = "Wind turbine", value = 5000, currency = "BRL", contact_id = contact });
        await client.CreateLeadIdAsync(new { title = "Solar panels, nobody's", value = 5000, currency = "BRL", stage_id = pipeline.StageId("Qualified") });

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await asAgent.GetOkAsync($"{LeadsKit.Leads}?status=open&assignee=me&value_min=100&value_max=2000&q=solar&source=ads&close_after=2026-01-01&limit=3"
                                                + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Ids());
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(expected), seen);
        Assert.Equal(["Wind turbine"], (await client.GetOkAsync($"{LeadsKit.Leads}?contact_id={contact}")).GetProperty("items").EnumerateArray().Select(l => l.GetProperty("title").GetString()));
        Assert.Single((await client.GetOkAsync($"{LeadsKit.Leads}?assignee=none&stage_id={pipeline.StageId("Qualified")}")).Ids());
        Assert.Single((await client.GetOkAsync($"{LeadsKit.Leads}?status=won")).Ids());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{LeadsKit.Leads}?status=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{LeadsKit.Leads}?assignee=someone")).StatusCode);
    }

    [Fact]
    public async Task The_board_shows_every_stage_in_order_with_counts_totals_per_currency_and_a_cursor_for_more()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var pipeline = await client.DefaultPipelineAsync();
        var id = pipeline.GetProperty("id").GetGuid();
        for (var i = 0; i < 5; i++) await client.CreateLeadIdAsync(new { title = $"BRL {i}", value = 100, currency = "BRL" });
        await client.CreateLeadIdAsync(new { title = "USD", value = 7.5m, currency = "USD" });
        await client.CreateLeadIdAsync(new { title = "No value" });
        var moved = await client.CreateLeadIdAsync(new { title = "Moves to won", value = 1000, currency = "BRL" });
        await client.PatchJsonAsync($"{LeadsKit.Leads}/{moved}", $$"""{"stage_id":"{{pipeline.StageId("Won")}}"}""");
        var gone = await client.CreateLeadIdAsync(new { title = "Deleted", value = 999, currency = "BRL" });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{LeadsKit.Leads}/{gone}")).StatusCode);

        var board = await client.GetOkAsync($"{LeadsKit.Pipelines}/{id}/board?limit=4");

        var columns = board.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["New", "Qualified", "Proposal", "Won", "Lost"], columns.Select(c => c.GetProperty("stage").GetProperty("name").GetString()));
        var first = columns[0];
        Assert.Equal(7, first.GetProperty("count").GetInt64());
        var totals = first.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("currency").GetString() ?? "-", t => t.GetProperty("value").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["-"] = 0m, ["BRL"] = 500m, ["USD"] = 7.5m }, totals);
        Assert.Equal(4, first.GetProperty("leads").GetArrayLength());
        var more = await client.GetOkAsync($"{LeadsKit.Leads}?stage_id={pipeline.StageId("New")}&cursor={first.GetProperty("next_cursor").GetString()}");
        Assert.Equal(3, more.Ids().Count);
        Assert.Empty(more.Ids().Intersect(first.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("id").GetGuid())));
        Assert.Equal(1, columns[3].GetProperty("count").GetInt64());
        Assert.Equal(1000m, columns[3].GetProperty("totals")[0].GetProperty("value").GetDecimal());
        Assert.Equal(0, columns[1].GetProperty("count").GetInt64());
    }
}
