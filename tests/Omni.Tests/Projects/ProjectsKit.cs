using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

/// <summary>What the projects tests share: making projects and tasks through the API, moving tasks, and
/// reading a column's ranks straight from the database (as the admin, around the API).</summary>
internal static class ProjectsKit
{
    public const string Projects = "/api/v1/projects";
    public const string Tasks = "/api/v1/tasks";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(HttpClient Client, TestUser Owner, Guid OrgId)> NewOrgClientAsync(this TestApi api)
    {
        var (owner, orgId) = await api.NewOrgAsync();
        return (api.Client(owner.Token, orgId), owner, orgId);
    }

    public static async Task<JsonElement> CreateProjectAsync(this HttpClient client, object? body = null)
    {
        var response = await client.PostAsJsonAsync(Projects, body ?? new { name = "Launch" });
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create project: {(int)response.StatusCode} {json}");
        return json;
    }

    public static Guid[] ColumnIds(this JsonElement project) =>
        project.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray();

    public static async Task<JsonElement> CreateTaskAsync(this HttpClient client, Guid projectId, string title = "Task", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["project_id"] = projectId, ["title"] = title };
        if (extra is not null)
            foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject()) body[p.Name] = p.Value;
        var response = await client.PostAsJsonAsync(Tasks, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create task: {(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<Guid> CreateTaskIdAsync(this HttpClient client, Guid projectId, string title = "Task", object? extra = null) =>
        (await client.CreateTaskAsync(projectId, title, extra)).GetProperty("id").GetGuid();

    public static Task<HttpResponseMessage> MoveAsync(this HttpClient client, Guid taskId, object body) =>
        client.PostAsJsonAsync($"{Tasks}/{taskId}/move", body);

    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static Guid[] Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();

    /// <summary>Every task of a column through the API, top to bottom, page by page.</summary>
    public static async Task<List<Guid>> ColumnOrderAsync(this HttpClient client, Guid columnId, int pageSize = 200)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.GetOkAsync($"{Tasks}?column_id={columnId}&limit={pageSize}" + (cursor is null ? "" : $"&cursor={cursor}"));
            ids.AddRange(page.Ids());
            cursor = page.GetProperty("next_cursor").GetString();
        } while (cursor is not null);
        return ids;
    }

    /// <summary>(id, rank, xmin) of every task in a column, by rank in byte order: xmin changes when a row is rewritten.</summary>
    public static Task<List<(Guid Id, string Rank, uint Version)>> RanksAsync(this TestApi api, Guid columnId) =>
        api.Database.AdminQueryAsync(
            "select id, rank, xmin::text::bigint from projects.tasks where column_id = $1 order by rank collate \"C\"",
            r => (r.GetGuid(0), r.GetString(1), (uint)r.GetInt64(2)), columnId);

    public static Task<long> CountTasksAsync(this TestApi api, Guid orgId) =>
        api.Database.AdminScalarAsync<long>("select count(*) from projects.tasks where org_id = $1", orgId);

    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }

    public static async Task AssertInvalidFieldAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var fields = body.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(fields.Contains(field), $"expected errors to name '{field}', got [{string.Join(", ", fields)}]");
    }

    public static async Task SetAgentsEditAssignedOnlyAsync(this TestApi api, TestUser owner, Guid orgId, bool on)
    {
        using var client = api.Client(owner.Token, orgId);
        var response = await client.PatchAsync($"/api/v1/orgs/{orgId}", Json($$"""{"agents_edit_assigned_only":{{(on ? "true" : "false")}}}"""));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
