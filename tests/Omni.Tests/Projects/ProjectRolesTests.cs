using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

public sealed class ProjectRolesTests
{
    [Fact]
    public async Task A_viewer_reads_projects_and_tasks_but_changes_nothing()
    {
        var api = await TestApi.Shared;
        var (client, owner, orgId) = await api.NewOrgClientAsync();
        var viewer = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, viewer, "viewer");
        var project = await client.CreateProjectAsync();
        var projectId = project.GetProperty("id").GetGuid();
        var taskId = await client.CreateTaskIdAsync(projectId);
        using var asViewer = api.Client(viewer.Token, orgId);

        await asViewer.GetOkAsync($"{ProjectsKit.Projects}/{projectId}");
        await asViewer.GetOkAsync($"{ProjectsKit.Tasks}/{taskId}");
        await (await asViewer.PostAsJsonAsync(ProjectsKit.Projects, new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
        await (await asViewer.PostAsJsonAsync(ProjectsKit.Tasks, new { project_id = projectId, title = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
        await (await asViewer.MoveAsync(taskId, new { column_id = project.ColumnIds()[1] })).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
        await (await asViewer.PostAsJsonAsync($"{ProjectsKit.Tasks}/{taskId}/comments", new { body = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
        await (await asViewer.DeleteAsync($"{ProjectsKit.Tasks}/{taskId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");

        Assert.Equal(project.ColumnIds()[0], (await client.GetOkAsync($"{ProjectsKit.Tasks}/{taskId}")).GetProperty("column_id").GetGuid());
    }

    [Fact]
    public async Task With_the_org_setting_on_an_agent_changes_only_the_tasks_assigned_to_them()
    {
        var api = await TestApi.Shared;
        var (client, owner, orgId) = await api.NewOrgClientAsync();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        var project = await client.CreateProjectAsync();
        var projectId = project.GetProperty("id").GetGuid();
        var theirs = await client.CreateTaskIdAsync(projectId, "For the agent", new { assignee_id = agent.Id });
        var someoneElses = await client.CreateTaskIdAsync(projectId, "For the owner", new { assignee_id = owner.Id });
        using var asAgent = api.Client(agent.Token, orgId);

        // Off (the default): agents change any task.
        Assert.Equal(HttpStatusCode.OK, (await asAgent.PatchAsync($"{ProjectsKit.Tasks}/{someoneElses}", ProjectsKit.Json("""{"priority":"low"}"""))).StatusCode);

        await api.SetAgentsEditAssignedOnlyAsync(owner, orgId, on: true);

        Assert.Equal(HttpStatusCode.OK, (await asAgent.PatchAsync($"{ProjectsKit.Tasks}/{theirs}", ProjectsKit.Json("""{"priority":"high"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asAgent.MoveAsync(theirs, new { column_id = project.ColumnIds()[1] })).StatusCode);
        await (await asAgent.PatchAsync($"{ProjectsKit.Tasks}/{someoneElses}", ProjectsKit.Json("""{"priority":"urgent"}""")))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "task_not_assigned_to_you");
        await (await asAgent.MoveAsync(someoneElses, new { column_id = project.ColumnIds()[1] })).AssertProblemAsync(HttpStatusCode.Forbidden, "task_not_assigned_to_you");
        await (await asAgent.PostAsJsonAsync($"{ProjectsKit.Tasks}/{someoneElses}/checklist", new { text = "x" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "task_not_assigned_to_you");
        await (await asAgent.DeleteAsync($"{ProjectsKit.Tasks}/{someoneElses}")).AssertProblemAsync(HttpStatusCode.Forbidden, "task_not_assigned_to_you");
        await (await asAgent.PostAsJsonAsync(ProjectsKit.Tasks, new { project_id = projectId, title = "for the owner", assignee_id = owner.Id }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "task_not_assigned_to_you");
        Assert.Equal(HttpStatusCode.Created,
            (await asAgent.PostAsJsonAsync(ProjectsKit.Tasks, new { project_id = projectId, title = "for me", assignee_id = agent.Id })).StatusCode);
        // Comments stay open to every writer.
        Assert.Equal(HttpStatusCode.Created, (await asAgent.PostAsJsonAsync($"{ProjectsKit.Tasks}/{someoneElses}/comments", new { body = "fyi" })).StatusCode);

        var untouched = await client.GetOkAsync($"{ProjectsKit.Tasks}/{someoneElses}");
        Assert.Equal("low", untouched.GetProperty("priority").GetString());
        Assert.Equal(project.ColumnIds()[0], untouched.GetProperty("column_id").GetGuid());
        Assert.Empty(untouched.GetProperty("checklist").EnumerateArray());
    }

    [Fact]
    public async Task Project_settings_columns_and_members_are_for_the_project_owner_and_org_admins()
    {
        var api = await TestApi.Shared;
        var (client, owner, orgId) = await api.NewOrgClientAsync();
        var agent = Actors.NewUser();
        var admin = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        await api.AddMemberAsync(owner, orgId, admin, "admin");
        var ownersProject = await client.CreateProjectAsync();
        var id = ownersProject.GetProperty("id").GetGuid();
        using var asAgent = api.Client(agent.Token, orgId);
        using var asAdmin = api.Client(admin.Token, orgId);

        await (await asAgent.PatchAsync($"{ProjectsKit.Projects}/{id}", ProjectsKit.Json("""{"name":"Taken"}"""))).AssertProblemAsync(HttpStatusCode.Forbidden, "project_manage_forbidden");
        await (await asAgent.PostAsJsonAsync($"{ProjectsKit.Projects}/{id}/columns", new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.Forbidden, "project_manage_forbidden");
        await (await asAgent.PostAsJsonAsync($"{ProjectsKit.Projects}/{id}/members", new { user_id = agent.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "project_manage_forbidden");
        await (await asAgent.DeleteAsync($"{ProjectsKit.Projects}/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "project_manage_forbidden");
        Assert.Equal(HttpStatusCode.OK, (await asAdmin.PatchAsync($"{ProjectsKit.Projects}/{id}", ProjectsKit.Json("""{"status":"on_hold"}"""))).StatusCode);

        // An agent manages the project they own.
        var agentsProject = await asAgent.CreateProjectAsync(new { name = "Agent's" });
        var agentsId = agentsProject.GetProperty("id").GetGuid();
        Assert.Equal(agent.Id, agentsProject.GetProperty("owner_id").GetGuid());
        Assert.Equal(HttpStatusCode.Created, (await asAgent.PostAsJsonAsync($"{ProjectsKit.Projects}/{agentsId}/columns", new { name = "Review" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asAgent.PatchAsync($"{ProjectsKit.Projects}/{agentsId}", ProjectsKit.Json("""{"name":"Renamed"}"""))).StatusCode);

        Assert.Equal("on_hold", (await client.GetOkAsync($"{ProjectsKit.Projects}/{id}")).GetProperty("status").GetString());
        Assert.Equal(3, (await client.GetOkAsync($"{ProjectsKit.Projects}/{id}")).GetProperty("columns").GetArrayLength());
    }
}
