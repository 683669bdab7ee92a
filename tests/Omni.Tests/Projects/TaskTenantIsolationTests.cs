using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

/// <summary>Org B's owner, acting in org B, meets org A's projects and tasks nowhere and changes none of them.</summary>
public sealed class TaskTenantIsolationTests
{
    [Fact]
    public async Task Another_org_cannot_see_move_change_or_delete_a_task_and_it_stays_intact()
    {
        var api = await TestApi.Shared;
        var (clientA, _, _) = await api.NewOrgClientAsync();
        var (clientB, _, _) = await api.NewOrgClientAsync();
        var projectA = await clientA.CreateProjectAsync();
        var projectAId = projectA.GetProperty("id").GetGuid();
        var taskA = await clientA.CreateTaskIdAsync(projectAId, "A's", new { checklist = new[] { "one" } });
        var projectB = await clientB.CreateProjectAsync();
        var taskB = await clientB.CreateTaskIdAsync(projectB.GetProperty("id").GetGuid(), "B's");
        var before = (await clientA.GetOkAsync($"{ProjectsKit.Tasks}/{taskA}")).GetRawText();

        await (await clientB.GetAsync($"{ProjectsKit.Tasks}/{taskA}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientB.PatchAsync($"{ProjectsKit.Tasks}/{taskA}", ProjectsKit.Json("""{"title":"Stolen"}"""))).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientB.MoveAsync(taskA, new { column_id = projectA.ColumnIds()[2] })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientB.MoveAsync(taskB, new { column_id = projectA.ColumnIds()[0] })).AssertInvalidFieldAsync("column_id");
        await (await clientB.MoveAsync(taskB, new { after_id = taskA })).AssertInvalidFieldAsync("after_id");
        await (await clientB.PostAsJsonAsync(ProjectsKit.Tasks, new { project_id = projectAId, title = "Into A" })).AssertInvalidFieldAsync("project_id");
        await (await clientB.PostAsJsonAsync($"{ProjectsKit.Tasks}/{taskA}/comments", new { body = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientB.DeleteAsync($"{ProjectsKit.Tasks}/{taskA}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientB.GetAsync($"{ProjectsKit.Projects}/{projectAId}/tasks")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal([taskB], (await clientB.GetOkAsync(ProjectsKit.Tasks)).Ids());
        Assert.Empty((await clientB.GetOkAsync($"{ProjectsKit.Tasks}?column_id={projectA.ColumnIds()[0]}")).Ids());
        Assert.Empty((await clientB.GetOkAsync($"{ProjectsKit.Tasks}?project_id={projectAId}")).Ids());
        Assert.Equal(before, (await clientA.GetOkAsync($"{ProjectsKit.Tasks}/{taskA}")).GetRawText());
    }
}
