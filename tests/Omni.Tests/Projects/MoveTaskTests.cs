using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

public sealed class MoveTaskTests
{
    private static async Task<(HttpClient Client, Guid OrgId, JsonElement Project, List<Guid> Tasks)> ColumnWithTasksAsync(TestApi api, int count)
    {
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var project = await client.CreateProjectAsync();
        var tasks = new List<Guid>();
        for (var i = 0; i < count; i++) tasks.Add(await client.CreateTaskIdAsync(project.GetProperty("id").GetGuid(), $"Task {i}"));
        return (client, orgId, project, tasks);
    }

    /// <summary>The moved task's row changed (new rank, new row version); every other row is untouched.</summary>
    private static void AssertOnlyRowChanged(List<(Guid Id, string Rank, uint Version)> before, List<(Guid Id, string Rank, uint Version)> after, Guid moved)
    {
        var untouched = before.Where(b => b.Id != moved).ToDictionary(b => b.Id);
        foreach (var row in after.Where(a => a.Id != moved))
            Assert.Equal(untouched[row.Id], row);
        Assert.Equal(untouched.Count, after.Count(a => a.Id != moved));
    }

    [Fact]
    public async Task Moving_a_task_between_two_neighbours_rewrites_only_its_row_and_puts_it_between_them()
    {
        var api = await TestApi.Shared;
        var (client, _, project, t) = await ColumnWithTasksAsync(api, 6);
        var column = project.ColumnIds()[0];
        var before = await api.RanksAsync(column);

        var response = await client.MoveAsync(t[5], new { after_id = t[1], before_id = t[2] });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await api.RanksAsync(column);
        AssertOnlyRowChanged(before, after, t[5]);
        Assert.NotEqual(before.Single(r => r.Id == t[5]).Version, after.Single(r => r.Id == t[5]).Version);
        Assert.Equal([t[0], t[1], t[5], t[2], t[3], t[4]], after.Select(r => r.Id));
        Assert.Equal(after.Select(r => r.Id), await client.ColumnOrderAsync(column, pageSize: 2));
        Assert.Equal(after.Single(r => r.Id == t[5]).Rank, (await response.ReadJsonAsync()).GetProperty("rank").GetString());
    }

    [Fact]
    public async Task Moves_to_the_top_and_to_the_bottom_each_rewrite_one_row()
    {
        var api = await TestApi.Shared;
        var (client, _, project, t) = await ColumnWithTasksAsync(api, 4);
        var column = project.ColumnIds()[0];

        var before = await api.RanksAsync(column);
        Assert.Equal(HttpStatusCode.OK, (await client.MoveAsync(t[2], new { before_id = t[0] })).StatusCode);
        var top = await api.RanksAsync(column);
        Assert.Equal(HttpStatusCode.OK, (await client.MoveAsync(t[1], new { column_id = column })).StatusCode);
        var bottom = await api.RanksAsync(column);

        AssertOnlyRowChanged(before, top, t[2]);
        AssertOnlyRowChanged(top, bottom, t[1]);
        Assert.Equal([t[2], t[0], t[3], t[1]], bottom.Select(r => r.Id));
        Assert.Equal([t[2], t[0], t[3], t[1]], await client.ColumnOrderAsync(column));
    }

    [Fact]
    public async Task Moving_into_another_column_places_the_task_there_completes_it_in_the_done_column_and_reopens_it_when_moved_back()
    {
        var api = await TestApi.Shared;
        var (client, _, project, t) = await ColumnWithTasksAsync(api, 3);
        var (todo, done) = (project.ColumnIds()[0], project.ColumnIds()[2]);
        var inDone = await client.CreateTaskIdAsync(project.GetProperty("id").GetGuid(), "Finished", new { column_id = done });
        var todoBefore = await api.RanksAsync(todo);
        var doneBefore = await api.RanksAsync(done);

        var moved = await (await client.MoveAsync(t[1], new { column_id = done, before_id = inDone })).ReadJsonAsync();

        Assert.Equal(done, moved.GetProperty("column_id").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, moved.GetProperty("completed_at").ValueKind);
        Assert.Equal([t[1], inDone], await client.ColumnOrderAsync(done));
        Assert.Equal([t[0], t[2]], await client.ColumnOrderAsync(todo));
        AssertOnlyRowChanged(todoBefore, await api.RanksAsync(todo), t[1]);
        AssertOnlyRowChanged(doneBefore, await api.RanksAsync(done), t[1]);

        var back = await (await client.MoveAsync(t[1], new { column_id = todo, after_id = t[0] })).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, back.GetProperty("completed_at").ValueKind);
        Assert.Equal([t[0], t[1], t[2]], await client.ColumnOrderAsync(todo));
    }

    [Fact]
    public async Task Neighbours_that_are_no_longer_adjacent_are_a_409_and_neighbours_elsewhere_are_a_400()
    {
        var api = await TestApi.Shared;
        var (client, _, project, t) = await ColumnWithTasksAsync(api, 4);
        var (other, _) = (await client.CreateProjectAsync(), 0);
        var foreignTask = await client.CreateTaskIdAsync(other.GetProperty("id").GetGuid());
        var before = await api.RanksAsync(project.ColumnIds()[0]);

        await (await client.MoveAsync(t[3], new { after_id = t[0], before_id = t[2] })).AssertProblemAsync(HttpStatusCode.Conflict, "stale_neighbours");
        await (await client.MoveAsync(t[3], new { after_id = foreignTask })).AssertInvalidFieldAsync("after_id");
        await (await client.MoveAsync(t[3], new { before_id = t[3] })).AssertInvalidFieldAsync("before_id");
        await (await client.MoveAsync(t[3], new { column_id = other.ColumnIds()[0] })).AssertInvalidFieldAsync("column_id");
        await (await client.MoveAsync(t[3], new { })).AssertInvalidFieldAsync("body");

        Assert.Equal(before, await api.RanksAsync(project.ColumnIds()[0]));
    }

    [Fact]
    public async Task Many_concurrent_moves_keep_ranks_unique_and_the_column_order_consistent()
    {
        var api = await TestApi.Shared;
        var (client, _, project, t) = await ColumnWithTasksAsync(api, 12);
        var (todo, doing) = (project.ColumnIds()[0], project.ColumnIds()[1]);
        var random = new Random(7);
        var moves = Enumerable.Range(0, 60).Select(i =>
        {
            var task = t[random.Next(t.Count)];
            var neighbour = t[random.Next(t.Count)];
            object body = (i % 3) switch
            {
                0 => new { column_id = todo, after_id = neighbour },
                1 => new { column_id = todo, before_id = neighbour },
                _ => new { column_id = random.Next(2) == 0 ? todo : doing },
            };
            return (task, neighbour, body);
        }).ToList();

        var results = await Task.WhenAll(moves.Select(async m => (await client.MoveAsync(m.task, m.body)).StatusCode));

        // A move next to a task that another move just took elsewhere (or next to itself) is refused; none fails otherwise.
        Assert.All(results, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{s}"));
        Assert.True(results.Count(s => s == HttpStatusCode.OK) >= 20);
        var ranks = (await api.RanksAsync(todo)).Concat(await api.RanksAsync(doing)).ToList();
        Assert.Equal(t.Count, ranks.Count);
        foreach (var column in new[] { todo, doing })
        {
            var inColumn = await api.RanksAsync(column);
            Assert.Equal(inColumn.Count, inColumn.Select(r => r.Rank).Distinct().Count());
        }
        Assert.Equal((await api.RanksAsync(todo)).Select(r => r.Id), await client.ColumnOrderAsync(todo, pageSize: 5));
        Assert.Equal((await api.RanksAsync(doing)).Select(r => r.Id), await client.ColumnOrderAsync(doing, pageSize: 5));
    }

    [Fact]
    public async Task Concurrent_moves_into_the_same_gap_all_land_there_with_distinct_ranks()
    {
        var api = await TestApi.Shared;
        var (client, _, project, t) = await ColumnWithTasksAsync(api, 12);
        var column = project.ColumnIds()[0];
        var movers = t.Skip(2).ToList();

        var results = await Task.WhenAll(movers.Select(async m => (await client.MoveAsync(m, new { after_id = t[0] })).StatusCode));

        Assert.All(results, s => Assert.Equal(HttpStatusCode.OK, s));
        var after = await api.RanksAsync(column);
        Assert.Equal(after.Count, after.Select(r => r.Rank).Distinct().Count());
        Assert.Equal(t[0], after[0].Id);
        Assert.Equal(t[1], after[^1].Id);
        Assert.Equal(movers.Order(), after.Skip(1).Take(movers.Count).Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_rank_grown_too_long_has_the_ranks_around_it_respread_short_in_the_same_order()
    {
        var api = await TestApi.Shared;
        var (client, _, project, t) = await ColumnWithTasksAsync(api, 40);
        var column = project.ColumnIds()[0];
        // Many earlier moves into one gap left long ranks between the 10th and the 11th task.
        await api.Database.AdminExecAsync("""
            update projects.tasks t set rank = 'a9' || repeat('0', 20) || o.n
            from (select id, row_number() over (order by rank collate "C") as n from projects.tasks where column_id = $1) o
            where t.id = o.id and o.n between 11 and 19
            """, column);
        var ordered = (await api.RanksAsync(column)).Select(r => r.Id).ToList();
        var moved = ordered[^1];
        var (left, right) = (ordered[11], ordered[12]);

        var response = await client.MoveAsync(moved, new { after_id = left, before_id = right });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await api.RanksAsync(column);
        var expected = ordered.Take(12).Append(moved).Concat(ordered.Skip(12).Take(ordered.Count - 13)).ToList();
        Assert.Equal(expected, after.Select(r => r.Id));
        Assert.All(after, r => Assert.True(r.Rank.Length <= 12, $"{r.Rank} is still long"));
        Assert.Equal(after.Count, after.Select(r => r.Rank).Distinct().Count());
        Assert.Equal(expected, await client.ColumnOrderAsync(column, pageSize: 7));
    }
}
