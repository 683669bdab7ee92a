using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

public sealed class TaskCrudTests
{
    [Fact]
    public async Task A_task_is_created_at_the_bottom_of_the_first_column_with_its_checklist_and_read_back()
    {
        var api = await TestApi.Shared;
        var (client, owner, _) = await api.NewOrgClientAsync();
        var project = await client.CreateProjectAsync();
        var projectId = project.GetProperty("id").GetGuid();
        var first = await client.CreateTaskIdAsync(projectId, "First");

        var task = await client.CreateTaskAsync(projectId, " Call Maria ", new
        {
            description = "About the renewal", priority = "high", assignee_id = owner.Id, due_date = "2026-02-27",
            labels = new[] { "Sales", "sales", "vip" }, checklist = new[] { "Check contract", "Send quote" },
        });

        Assert.Equal("Call Maria", task.GetProperty("title").GetString());
        Assert.Equal(project.ColumnIds()[0], task.GetProperty("column_id").GetGuid());
        Assert.Equal("high", task.GetProperty("priority").GetString());
        Assert.Equal(owner.Id, task.GetProperty("assignee_id").GetGuid());
        Assert.Equal("2026-02-27", task.GetProperty("due_date").GetString());
        Assert.Equal(["sales", "vip"], task.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["Check contract", "Send quote"], task.GetProperty("checklist").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.Null, task.GetProperty("completed_at").ValueKind);
        Assert.Equal([first, task.GetProperty("id").GetGuid()], await client.ColumnOrderAsync(project.ColumnIds()[0]));
        var read = await client.GetOkAsync($"{ProjectsKit.Tasks}/{task.GetProperty("id")}");
        Assert.Equal(task.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task A_task_created_in_the_done_column_is_completed()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var project = await client.CreateProjectAsync();

        var task = await client.CreateTaskAsync(project.GetProperty("id").GetGuid(), "Done already", new { column_id = project.ColumnIds()[2] });

        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("completed_at").ValueKind);
    }

    public static TheoryData<string, string> InvalidTasks => new()
    {
        { """{"title":""}""", "title" },
        { """{"title":"x","priority":"asap"}""", "priority" },
        { """{"title":"x","labels":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"]}""", "labels" },
        { """{"title":"x","description":"DESC"}""", "description" },
        { """{"title":"TITLE"}""", "title" },
        { """{"title":"x","checklist":["",""]}""", "checklist[0]" },
        { """{"title":"x","assignee_id":"5f0e6c3e-8f4a-4d7e-9a61-2f4c5d6e7f80"}""", "assignee_id" },
        { """{"title":"x","column_id":"5f0e6c3e-8f4a-4d7e-9a61-2f4c5d6e7f80"}""", "column_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidTasks))]
    public async Task An_invalid_task_is_refused_naming_the_field_and_nothing_is_stored(string json, string field)
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var body = json.Replace("DESC", new string('d', 20_001), StringComparison.Ordinal)
                       .Replace("TITLE", new string('t', 501), StringComparison.Ordinal)
                       .Replace("{", $$"""{"project_id":"{{projectId}}",""", StringComparison.Ordinal);

        var response = await client.PostAsync(ProjectsKit.Tasks, ProjectsKit.Json(body));

        await response.AssertInvalidFieldAsync(field);
        Assert.Equal(0, await api.CountTasksAsync(orgId));
        Assert.Equal(0, await api.Database.AdminScalarAsync<long>("select count(*) from projects.checklist_items where org_id = $1", orgId));
    }

    [Fact]
    public async Task A_task_in_an_unknown_project_is_refused_naming_project_id()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var response = await client.PostAsJsonAsync(ProjectsKit.Tasks, new { project_id = Guid.NewGuid(), title = "x" });

        await response.AssertInvalidFieldAsync("project_id");
    }

    [Fact]
    public async Task A_task_is_patched_field_by_field_and_an_invalid_patch_changes_nothing()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var id = await client.CreateTaskIdAsync(projectId, "Original", new { description = "keep", due_date = "2026-01-10", labels = new[] { "a" } });
        var url = $"{ProjectsKit.Tasks}/{id}";
        var before = await client.GetOkAsync(url);

        await (await client.PatchAsync(url, ProjectsKit.Json("""{"title":"New","priority":"nope"}"""))).AssertInvalidFieldAsync("priority");
        await (await client.PatchAsync(url, ProjectsKit.Json("{}"))).AssertInvalidFieldAsync("body");
        await (await client.PatchAsync(url, ProjectsKit.Json($$"""{"assignee_id":"{{Guid.NewGuid()}}"}"""))).AssertInvalidFieldAsync("assignee_id");
        Assert.Equal(before.GetRawText(), (await client.GetOkAsync(url)).GetRawText());

        var patched = await client.PatchAsync(url, ProjectsKit.Json("""{"title":"New","due_date":null,"labels":["b"]}"""));
        var after = await patched.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("New", after.GetProperty("title").GetString());
        Assert.Equal("keep", after.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("due_date").ValueKind);
        Assert.Equal(["b"], after.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var activity = await client.GetOkAsync($"{url}/activity");
        Assert.Equal(["created", "updated"], activity.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Assigning_a_task_makes_the_assignee_a_project_member()
    {
        var api = await TestApi.Shared;
        var (client, owner, orgId) = await api.NewOrgClientAsync();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var id = await client.CreateTaskIdAsync(projectId);

        var response = await client.PatchAsync($"{ProjectsKit.Tasks}/{id}", ProjectsKit.Json($$"""{"assignee_id":"{{agent.Id}}"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var project = await client.GetOkAsync($"{ProjectsKit.Projects}/{projectId}");
        Assert.Contains(agent.Id, project.GetProperty("member_ids").EnumerateArray().Select(m => m.GetGuid()));
    }

    [Fact]
    public async Task A_deleted_task_is_gone_with_its_checklist_and_comments()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var id = await client.CreateTaskIdAsync(projectId, "Bye", new { checklist = new[] { "one" } });
        (await client.PostAsJsonAsync($"{ProjectsKit.Tasks}/{id}/comments", new { body = "hi" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{ProjectsKit.Tasks}/{id}")).StatusCode);

        await (await client.GetAsync($"{ProjectsKit.Tasks}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync($"{ProjectsKit.Tasks}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, await api.Database.AdminScalarAsync<long>(
            "select (select count(*) from projects.checklist_items where org_id = $1) + (select count(*) from projects.comments where org_id = $1)", orgId));
    }
}
