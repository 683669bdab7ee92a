using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

public sealed class ChecklistAndCommentsTests
{
    [Fact]
    public async Task Checklist_items_are_added_edited_ticked_reordered_and_removed_up_to_the_limit()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var taskId = await client.CreateTaskIdAsync(projectId, "With a list", new { checklist = new[] { "a", "b" } });
        var url = $"{ProjectsKit.Tasks}/{taskId}/checklist";

        var c = await (await client.PostAsJsonAsync(url, new { text = "c" })).ReadJsonAsync();
        var first = await (await client.PostAsJsonAsync(url, new { text = "first", position = 1 })).ReadJsonAsync();
        var ticked = await (await client.PatchAsync($"{url}/{c.GetProperty("id")}", ProjectsKit.Json("""{"is_done":true,"text":"C"}"""))).ReadJsonAsync();
        await (await client.PatchAsync($"{url}/{c.GetProperty("id")}", ProjectsKit.Json("""{"text":""}"""))).AssertInvalidFieldAsync("text");
        await (await client.PostAsJsonAsync(url, new { text = new string('x', 501) })).AssertInvalidFieldAsync("text");

        Assert.Equal(3, c.GetProperty("position").GetInt32());
        Assert.Equal(1, first.GetProperty("position").GetInt32());
        Assert.True(ticked.GetProperty("is_done").GetBoolean());
        var reopened = await (await client.PostAsync($"{url}/{c.GetProperty("id")}/toggle", null)).ReadJsonAsync();
        Assert.False(reopened.GetProperty("is_done").GetBoolean());
        Assert.True((await (await client.PostAsync($"{url}/{c.GetProperty("id")}/toggle", null)).ReadJsonAsync()).GetProperty("is_done").GetBoolean());
        var items = (await client.GetOkAsync($"{ProjectsKit.Tasks}/{taskId}")).GetProperty("checklist").EnumerateArray().ToList();
        Assert.Equal(["first", "a", "b", "C"], items.Select(i => i.GetProperty("text").GetString()));

        var ids = items.Select(i => i.GetProperty("id").GetGuid()).ToList();
        var reordered = await client.PostAsJsonAsync($"{url}/reorder", new { item_ids = new[] { ids[3], ids[2], ids[1], ids[0] } });
        await (await client.PostAsJsonAsync($"{url}/reorder", new { item_ids = new[] { ids[0] } })).AssertInvalidFieldAsync("item_ids");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/{ids[2]}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        var final = (await client.GetOkAsync($"{ProjectsKit.Tasks}/{taskId}")).GetProperty("checklist").EnumerateArray().ToList();
        Assert.Equal(["C", "a", "first"], final.Select(i => i.GetProperty("text").GetString()));
        Assert.Equal([1, 2, 3], final.Select(i => i.GetProperty("position").GetInt32()));

        for (var i = 3; i < 100; i++) (await client.PostAsJsonAsync(url, new { text = $"item {i}" })).EnsureSuccessStatusCode();
        await (await client.PostAsJsonAsync(url, new { text = "one too many" })).AssertProblemAsync(HttpStatusCode.Conflict, "checklist_full");
    }

    [Fact]
    public async Task Comments_are_listed_oldest_first_page_by_page_and_only_their_author_edits_or_deletes_them()
    {
        var api = await TestApi.Shared;
        var (client, owner, orgId) = await api.NewOrgClientAsync();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        using var asAgent = api.Client(agent.Token, orgId);
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var taskId = await client.CreateTaskIdAsync(projectId);
        var url = $"{ProjectsKit.Tasks}/{taskId}/comments";
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await (await client.PostAsJsonAsync(url, new { body = $"note {i}" })).ReadJsonAsync()).GetProperty("id").GetGuid());
        var agents = (await (await asAgent.PostAsJsonAsync(url, new { body = "agent's" })).ReadJsonAsync()).GetProperty("id").GetGuid();

        var page1 = await client.GetOkAsync($"{url}?limit=2");
        var page2 = await client.GetOkAsync($"{url}?limit=2&cursor={page1.GetProperty("next_cursor").GetString()}");
        Assert.Equal(ids.Append(agents), page1.Ids().Concat(page2.Ids()));

        await (await asAgent.PatchAsync($"{url}/{ids[0]}", ProjectsKit.Json("""{"body":"rewritten"}"""))).AssertProblemAsync(HttpStatusCode.Forbidden, "not_comment_author");
        await (await asAgent.DeleteAsync($"{url}/{ids[0]}")).AssertProblemAsync(HttpStatusCode.Forbidden, "not_comment_author");
        await (await client.PatchAsync($"{url}/{agents}", ProjectsKit.Json("""{"body":"rewritten"}"""))).AssertProblemAsync(HttpStatusCode.Forbidden, "not_comment_author");
        await (await client.PostAsJsonAsync(url, new { body = "" })).AssertInvalidFieldAsync("body");
        var edited = await (await asAgent.PatchAsync($"{url}/{agents}", ProjectsKit.Json("""{"body":"agent's, edited"}"""))).ReadJsonAsync();
        Assert.Equal("agent's, edited", edited.GetProperty("body").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, edited.GetProperty("edited_at").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/{ids[1]}")).StatusCode);
        // The org's owner moderates: deletes anyone's comment.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/{agents}")).StatusCode);

        var left = await client.GetOkAsync(url);
        Assert.Equal([ids[0], ids[2]], left.Ids());
        Assert.Equal("note 0", left.GetProperty("items")[0].GetProperty("body").GetString());
    }
}
