using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

public sealed class ProjectCrudTests
{
    [Fact]
    public async Task A_new_project_gets_the_default_columns_with_the_last_one_done_and_its_creator_as_owner_and_member()
    {
        var api = await TestApi.Shared;
        var (client, owner, _) = await api.NewOrgClientAsync();

        var project = await client.CreateProjectAsync(new { name = "  Relaunch ", description = "Site", start_date = "2026-03-01", end_date = "2026-06-30" });

        Assert.Equal("Relaunch", project.GetProperty("name").GetString());
        Assert.Equal("active", project.GetProperty("status").GetString());
        Assert.Equal("2026-03-01", project.GetProperty("start_date").GetString());
        Assert.Equal(owner.Id, project.GetProperty("owner_id").GetGuid());
        Assert.Equal([owner.Id], project.GetProperty("member_ids").EnumerateArray().Select(m => m.GetGuid()));
        var columns = project.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["To do", "In progress", "Done"], columns.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([false, false, true], columns.Select(c => c.GetProperty("is_done").GetBoolean()));
        var read = await client.GetOkAsync($"{ProjectsKit.Projects}/{project.GetProperty("id")}");
        Assert.Equal(project.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_created()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();

        await (await client.PostAsJsonAsync(ProjectsKit.Projects, new { name = "" })).AssertInvalidFieldAsync("name");
        await (await client.PostAsJsonAsync(ProjectsKit.Projects, new { name = "x", status = "paused" })).AssertInvalidFieldAsync("status");
        await (await client.PostAsJsonAsync(ProjectsKit.Projects, new { name = "x", start_date = "2026-05-01", end_date = "2026-04-01" }))
            .AssertInvalidFieldAsync("end_date");
        await (await client.PostAsJsonAsync(ProjectsKit.Projects, new { name = "x", member_ids = new[] { Guid.NewGuid() } }))
            .AssertInvalidFieldAsync("member_ids");

        Assert.Equal(0, await api.Database.AdminScalarAsync<long>("select count(*) from projects.projects where org_id = $1", orgId));
    }

    [Fact]
    public async Task A_project_is_updated_listed_with_filters_page_by_page_and_deleted_with_its_tasks()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await client.CreateProjectAsync(new { name = $"Project {i}" })).GetProperty("id").GetGuid());
        var patched = await client.PatchAsync($"{ProjectsKit.Projects}/{ids[0]}", ProjectsKit.Json("""{"status":"on_hold","description":null,"name":"Renamed"}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        await client.CreateTaskAsync(ids[1]);

        var first = await client.GetOkAsync($"{ProjectsKit.Projects}?limit=2");
        var second = await client.GetOkAsync($"{ProjectsKit.Projects}?limit=2&cursor={first.GetProperty("next_cursor").GetString()}");
        var third = await client.GetOkAsync($"{ProjectsKit.Projects}?limit=2&cursor={second.GetProperty("next_cursor").GetString()}");
        var onHold = await client.GetOkAsync($"{ProjectsKit.Projects}?status=on_hold");
        var byName = await client.GetOkAsync($"{ProjectsKit.Projects}?q=renam");
        var delete = await client.DeleteAsync($"{ProjectsKit.Projects}/{ids[1]}");

        Assert.Equal(ids.AsEnumerable().Reverse(), first.Ids().Concat(second.Ids()).Concat(third.Ids()));
        Assert.Equal(JsonValueKindNull, third.GetProperty("next_cursor").ValueKind);
        Assert.Equal([ids[0]], onHold.Ids());
        Assert.Equal([ids[0]], byName.Ids());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await (await client.GetAsync($"{ProjectsKit.Projects}/{ids[1]}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, await api.CountTasksAsync(orgId));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Members_are_added_once_must_be_working_members_and_the_owner_cannot_be_removed()
    {
        var api = await TestApi.Shared;
        var (client, owner, orgId) = await api.NewOrgClientAsync();
        var agent = Actors.NewUser();
        var viewer = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        await api.AddMemberAsync(owner, orgId, viewer, "viewer");
        var id = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var url = $"{ProjectsKit.Projects}/{id}/members";

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(url, new { user_id = agent.Id })).StatusCode);
        var twice = await (await client.PostAsJsonAsync(url, new { user_id = agent.Id })).ReadJsonAsync();
        await (await client.PostAsJsonAsync(url, new { user_id = viewer.Id })).AssertInvalidFieldAsync("user_id");
        await (await client.PostAsJsonAsync(url, new { user_id = Guid.NewGuid() })).AssertInvalidFieldAsync("user_id");
        await (await client.DeleteAsync($"{url}/{owner.Id}")).AssertProblemAsync(HttpStatusCode.Conflict, "project_owner");

        Assert.Equal([owner.Id, agent.Id], twice.GetProperty("member_ids").EnumerateArray().Select(m => m.GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/{agent.Id}")).StatusCode);
        await (await client.DeleteAsync($"{url}/{agent.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal([owner.Id], (await client.GetOkAsync($"{ProjectsKit.Projects}/{id}")).GetProperty("member_ids").EnumerateArray().Select(m => m.GetGuid()));
    }

    [Fact]
    public async Task Columns_are_created_renamed_reordered_and_deleted_moving_their_tasks_or_refusing_with_409()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var project = await client.CreateProjectAsync();
        var id = project.GetProperty("id").GetGuid();
        var (todo, doing, done) = (project.ColumnIds()[0], project.ColumnIds()[1], project.ColumnIds()[2]);
        var columns = $"{ProjectsKit.Projects}/{id}/columns";

        var review = await (await client.PostAsJsonAsync(columns, new { name = "Review", position = 3 })).ReadJsonAsync();
        var reviewId = review.GetProperty("id").GetGuid();
        var renamed = await client.PatchAsync($"{columns}/{reviewId}", ProjectsKit.Json("""{"name":"Code review"}"""));
        var reordered = await client.PostAsJsonAsync($"{columns}/reorder", new { column_ids = new[] { done, reviewId, doing, todo } });
        var badOrder = await client.PostAsJsonAsync($"{columns}/reorder", new { column_ids = new[] { done, todo } });
        var t1 = await client.CreateTaskIdAsync(id, "one", new { column_id = doing });
        var t2 = await client.CreateTaskIdAsync(id, "two", new { column_id = doing });
        var t3 = await client.CreateTaskIdAsync(id, "three", new { column_id = done });
        var notEmpty = await client.DeleteAsync($"{columns}/{doing}");
        var moved = await client.DeleteAsync($"{columns}/{doing}?target_column_id={done}");

        Assert.Equal(3, review.GetProperty("position").GetInt32());
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        await badOrder.AssertInvalidFieldAsync("column_ids");
        await notEmpty.AssertProblemAsync(HttpStatusCode.Conflict, "column_not_empty");
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        var after = await client.GetOkAsync($"{columns}");
        Assert.Equal(["Done", "Code review", "To do"], after.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([1, 2, 3], after.EnumerateArray().Select(c => c.GetProperty("position").GetInt32()));
        Assert.Equal([t3, t1, t2], await client.ColumnOrderAsync(done));
        var task = await client.GetOkAsync($"{ProjectsKit.Tasks}/{t1}");
        Assert.Equal(done, task.GetProperty("column_id").GetGuid());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, task.GetProperty("completed_at").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{columns}/{reviewId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{columns}/{todo}")).StatusCode);
        await (await client.DeleteAsync($"{columns}/{done}")).AssertProblemAsync(HttpStatusCode.Conflict, "last_column");
    }
}
