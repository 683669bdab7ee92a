using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

public sealed class CreateTaskIdempotencyTests
{
    [Fact]
    public async Task Retrying_a_create_with_the_same_idempotency_key_creates_one_task_and_replays_the_answer()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var projectId = (await client.CreateProjectAsync()).GetProperty("id").GetGuid();
        var key = Guid.NewGuid().ToString();
        var json = $$"""{"project_id":"{{projectId}}","title":"Once","checklist":["a"]}""";

        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ProjectsKit.Tasks) { Content = ProjectsKit.Json(json) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync()));
        var retry = await PostAsync();

        Assert.All(responses.Append(retry), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = new List<Guid>();
        foreach (var r in responses.Append(retry)) ids.Add((await r.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Single(ids.Distinct());
        Assert.True(retry.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
        Assert.Equal(1, await api.CountTasksAsync(orgId));
        Assert.Equal(1, await api.Database.AdminScalarAsync<long>("select count(*) from projects.checklist_items where org_id = $1", orgId));
    }
}
