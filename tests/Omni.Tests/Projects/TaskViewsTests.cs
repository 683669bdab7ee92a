using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

public sealed class TaskViewsTests
{
    private static string Day(int fromToday) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(fromToday).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Mine_overdue_and_due_soon_list_open_tasks_by_due_date_page_by_page()
    {
        var api = await TestApi.Shared;
        var (client, owner, orgId) = await api.NewOrgClientAsync();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        var project = await client.CreateProjectAsync();
        var projectId = project.GetProperty("id").GetGuid();
        var done = project.ColumnIds()[2];

        var lateMine = await client.CreateTaskIdAsync(projectId, "late, mine", new { assignee_id = owner.Id, due_date = Day(-3) });
        var lateTheirs = await client.CreateTaskIdAsync(projectId, "late, theirs", new { assignee_id = agent.Id, due_date = Day(-1) });
        var lateButDone = await client.CreateTaskIdAsync(projectId, "late, done", new { assignee_id = owner.Id, due_date = Day(-5), column_id = done });
        var todayMine = await client.CreateTaskIdAsync(projectId, "today", new { assignee_id = owner.Id, due_date = Day(0) });
        var soonTheirs = await client.CreateTaskIdAsync(projectId, "in 3 days", new { assignee_id = agent.Id, due_date = Day(3) });
        var laterMine = await client.CreateTaskIdAsync(projectId, "in 10 days", new { assignee_id = owner.Id, due_date = Day(10) });
        var undatedMine = await client.CreateTaskIdAsync(projectId, "undated", new { assignee_id = owner.Id });
        await client.CreateTaskIdAsync(projectId, "nobody's");

        Assert.Equal([lateMine, todayMine, laterMine, undatedMine], await AllPagesAsync(client, "view=mine"));
        Assert.Equal([lateMine, lateTheirs], await AllPagesAsync(client, "view=overdue"));
        Assert.Equal([lateTheirs], await AllPagesAsync(client, $"view=overdue&assignee={agent.Id}"));
        Assert.Equal([todayMine, soonTheirs], await AllPagesAsync(client, "view=due_soon"));
        Assert.Equal([todayMine, soonTheirs, laterMine], await AllPagesAsync(client, "view=due_soon&within_days=10"));
        Assert.Equal([todayMine], await AllPagesAsync(client, "view=due_soon&assignee=me"));
        Assert.DoesNotContain(lateButDone, await AllPagesAsync(client, "view=mine"));

        using var asAgent = api.Client(agent.Token, orgId);
        Assert.Equal([lateTheirs, soonTheirs], await AllPagesAsync(asAgent, "view=mine"));
    }

    [Fact]
    public async Task Filters_combine_and_bad_parameters_are_named()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var urgent = await client.CreateTaskIdAsync(projectId, "Fix the checkout", new { priority = "urgent", labels = new[] { "web" } });
        await client.CreateTaskIdAsync(projectId, "Write the newsletter", new { priority = "low", labels = new[] { "mail" } });
        var unassigned = await client.CreateTaskIdAsync(projectId, "Checkout copy", new { labels = new[] { "web" } });

        Assert.Equal([urgent], (await client.GetOkAsync($"{ProjectsKit.Tasks}?priority=urgent")).Ids());
        Assert.Equal([unassigned, urgent], (await client.GetOkAsync($"{ProjectsKit.Tasks}?label=web")).Ids());
        Assert.Equal([unassigned, urgent], (await client.GetOkAsync($"{ProjectsKit.Tasks}?q=checkout&assignee=none")).Ids());
        Assert.Equal([urgent], (await client.GetOkAsync($"/api/v1/projects/{projectId}/tasks?q=fix")).Ids());

        await (await client.GetAsync($"{ProjectsKit.Tasks}?view=someday")).AssertInvalidFieldAsync("view");
        await (await client.GetAsync($"{ProjectsKit.Tasks}?view=overdue&within_days=3")).AssertInvalidFieldAsync("within_days");
        await (await client.GetAsync($"{ProjectsKit.Tasks}?priority=asap")).AssertInvalidFieldAsync("priority");
        await (await client.GetAsync($"{ProjectsKit.Tasks}?assignee=someone")).AssertInvalidFieldAsync("assignee");
        await (await client.GetAsync($"{ProjectsKit.Tasks}?view=mine&cursor=bm9wZQ")).AssertProblemAsync(System.Net.HttpStatusCode.BadRequest, "invalid_cursor");
        var createdOrderCursor = (await client.GetOkAsync($"{ProjectsKit.Tasks}?limit=1")).GetProperty("next_cursor").GetString();
        await (await client.GetAsync($"{ProjectsKit.Tasks}?view=mine&cursor={createdOrderCursor}")).AssertProblemAsync(System.Net.HttpStatusCode.BadRequest, "invalid_cursor");
    }

    private static async Task<List<Guid>> AllPagesAsync(HttpClient client, string query)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.GetOkAsync($"{ProjectsKit.Tasks}?{query}&limit=1" + (cursor is null ? "" : $"&cursor={cursor}"));
            ids.AddRange(page.Ids());
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);
        return ids;
    }
}
