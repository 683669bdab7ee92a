using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Leads;

public sealed class PipelineTests
{
    [Fact]
    public async Task An_org_gets_one_default_pipeline_on_first_read_even_when_many_ask_at_once()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetAsync(LeadsKit.Pipelines)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var pipeline = await client.DefaultPipelineAsync();
        Assert.Equal(["New", "Qualified", "Proposal", "Won", "Lost"], pipeline.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["open", "open", "open", "won", "lost"], pipeline.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal(1L, await api.Database.AdminScalarAsync<long>("select count(*) from leads.pipelines where org_id = $1", org));
    }

    [Fact]
    public async Task A_viewers_first_read_also_makes_the_default_pipeline_but_a_viewer_cannot_manage_pipelines()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var viewer = Actors.NewUser();
        await api.AddMemberAsync(owner, org, viewer, "viewer");
        using var asViewer = api.Client(viewer.Token, org);

        var pipeline = await asViewer.DefaultPipelineAsync();
        var create = await asViewer.PostAsJsonAsync(LeadsKit.Pipelines, new { name = "Mine" });

        Assert.Equal(5, pipeline.GetProperty("stages").GetArrayLength());
        await create.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
    }

    [Fact]
    public async Task Stages_are_added_renamed_reordered_and_deleted_and_a_stage_with_leads_needs_a_target()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var created = await client.PostAsJsonAsync(LeadsKit.Pipelines, new { name = "Partners", stages = new[] { new { name = "Intro", kind = "open" }, new { name = "Signed", kind = "won" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pipeline = await created.ReadJsonAsync();
        var id = pipeline.GetProperty("id").GetGuid();

        var added = await (await client.PostAsJsonAsync($"{LeadsKit.Pipelines}/{id}/stages", new { name = "Pilot", kind = "open", position = 2 })).ReadJsonAsync();
        var pilot = added.GetProperty("id").GetGuid();
        await client.PatchJsonAsync($"{LeadsKit.Pipelines}/{id}/stages/{pilot}", """{"name":"Pilot run"}""");
        var reordered = await (await client.PutAsJsonAsync($"{LeadsKit.Pipelines}/{id}/stages/order",
            new { stage_ids = new[] { pilot, pipeline.StageId("Intro"), pipeline.StageId("Signed") } })).ReadJsonAsync();
        Assert.Equal(["Pilot run", "Intro", "Signed"], reordered.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var lead = await client.CreateLeadIdAsync(new { title = "Big partner", stage_id = pilot });
        var refused = await client.DeleteAsync($"{LeadsKit.Pipelines}/{id}/stages/{pilot}");
        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "stage_has_leads");
        var moved = await client.DeleteAsync($"{LeadsKit.Pipelines}/{id}/stages/{pilot}?move_to={pipeline.StageId("Signed")}");
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);

        var after = await client.GetOkAsync($"{LeadsKit.Leads}/{lead}");
        Assert.Equal(pipeline.StageId("Signed"), after.GetProperty("stage_id").GetGuid());
        Assert.Equal("won", after.GetProperty("status").GetString());
        var stages = (await client.GetOkAsync($"{LeadsKit.Pipelines}/{id}")).GetProperty("stages");
        Assert.Equal([("Intro", 1), ("Signed", 2)], stages.EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("position").GetInt32())));
        await (await client.DeleteAsync($"{LeadsKit.Pipelines}/{id}")).AssertProblemAsync(HttpStatusCode.Conflict, "pipeline_has_leads");
        var defaultId = (await client.DefaultPipelineAsync()).GetProperty("id").GetGuid();
        await (await client.DeleteAsync($"{LeadsKit.Pipelines}/{defaultId}")).AssertProblemAsync(HttpStatusCode.Conflict, "default_pipeline");
    }

    [Fact]
    public async Task A_stage_whose_kind_changes_carries_its_leads_status_along_and_records_it_once()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var pipeline = await (await client.PostAsJsonAsync(LeadsKit.Pipelines,
            new { name = "Trials", stages = new[] { new { name = "Trial", kind = "open" }, new { name = "Paid", kind = "won" } } })).ReadJsonAsync();
        var id = pipeline.GetProperty("id").GetGuid();
        var trial = pipeline.StageId("Trial");
        var lead = await client.CreateLeadIdAsync(new { title = "Trial account", stage_id = trial });
        var entered = (await client.GetOkAsync($"{LeadsKit.Leads}/{lead}")).GetProperty("stage_entered_at").GetDateTimeOffset();

        await client.PatchJsonAsync($"{LeadsKit.Pipelines}/{id}/stages/{trial}", """{"kind":"lost"}""");
        var after = await client.GetOkAsync($"{LeadsKit.Leads}/{lead}");
        Assert.Equal("lost", after.GetProperty("status").GetString());
        Assert.Equal(trial, after.GetProperty("stage_id").GetGuid());
        Assert.Equal(entered, after.GetProperty("stage_entered_at").GetDateTimeOffset());

        // Naming the kind it already has changes no lead and records nothing more.
        await client.PatchJsonAsync($"{LeadsKit.Pipelines}/{id}/stages/{trial}", """{"kind":"lost"}""");
        var history = (await client.GetOkAsync($"{LeadsKit.Leads}/{lead}/activities")).GetProperty("items").EnumerateArray()
            .Where(a => a.GetProperty("type").GetString() == "status_changed").ToList();
        var change = Assert.Single(history);
        Assert.Equal("open", change.GetProperty("data").GetProperty("from").GetString());
        Assert.Equal("lost", change.GetProperty("data").GetProperty("to").GetString());
        Assert.Equal("stage_kind_changed", change.GetProperty("data").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Reordering_must_name_every_stage_once()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var pipeline = await client.DefaultPipelineAsync();

        var response = await client.PutAsJsonAsync($"{LeadsKit.Pipelines}/{pipeline.GetProperty("id")}/stages/order", new { stage_ids = new[] { pipeline.StageId("New") } });

        await response.AssertInvalidFieldsAsync("stage_ids");
    }
}
