using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

public sealed class CreateContactIdempotencyTests
{
    private const string Body = """{"name":"Maria","email":"maria@example.com","tags":["vip"]}""";

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ContactsKit.Contacts) { Content = ContactsKit.RawJson(json) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.SequenceEqual(["true"]);

    [Fact]
    public async Task Retrying_with_the_same_key_and_body_replays_the_first_response_without_a_second_contact()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var key = Guid.NewGuid().ToString();

        var first = await PostWithKeyAsync(client, key, Body);
        var retry = await PostWithKeyAsync(client, key, Body);
        var firstBody = await first.ReadJsonAsync();
        var retryBody = await retry.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(Replayed(first));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(Replayed(retry));
        Assert.Equal(firstBody.GetProperty("id").GetGuid(), retryBody.GetProperty("id").GetGuid());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(firstBody.Identifiers(), retryBody.Identifiers());
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task Without_a_key_the_same_body_twice_creates_two_contacts()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();

        var first = await client.PostRawAsync(ContactsKit.Contacts, """{"name":"Twin"}""");
        var second = await client.PostRawAsync(ContactsKit.Contacts, """{"name":"Twin"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(Replayed(second));
        Assert.Equal(2, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task Reusing_a_key_with_a_different_body_is_422_idempotency_key_reused()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await PostWithKeyAsync(client, key, Body)).StatusCode);

        var reused = await PostWithKeyAsync(client, key, """{"name":"Someone else"}""");

        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task Ten_concurrent_requests_with_one_key_create_one_contact_and_all_answer_with_its_id()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var key = Guid.NewGuid().ToString();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.Task;
            var response = await PostWithKeyAsync(client, key, Body);
            return (response.StatusCode, Replayed: Replayed(response), Body: await response.ReadJsonAsync());
        }).ToArray();
        start.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {r.Body}"));
        Assert.Single(responses.Select(r => r.Body.GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(9, responses.Count(r => r.Replayed));
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task A_key_used_by_one_caller_does_not_replay_for_another_caller_of_the_same_org()
    {
        var api = await TestApi.Shared;
        var (owner, orgId) = await api.NewOrgAsync();
        var agent = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        using var asOwner = api.Client(owner.Token, orgId);
        using var asAgent = api.Client(agent.Token, orgId);
        var key = Guid.NewGuid().ToString();
        const string body = """{"name":"Same body, no identifiers"}""";

        var byOwner = await PostWithKeyAsync(asOwner, key, body);
        var byAgent = await PostWithKeyAsync(asAgent, key, body);

        Assert.Equal(HttpStatusCode.Created, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byAgent.StatusCode);
        Assert.False(Replayed(byAgent));
        Assert.NotEqual((await byOwner.ReadJsonAsync()).GetProperty("id").GetGuid(), (await byAgent.ReadJsonAsync()).GetProperty("id").GetGuid());
        Assert.Equal(2, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_its_key()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        await client.CreateContactAsync(new { email = "taken@example.com" });
        var key = Guid.NewGuid().ToString();

        var refused = await PostWithKeyAsync(client, key, """{"email":"taken@example.com"}""");
        var corrected = await PostWithKeyAsync(client, key, """{"email":"free@example.com"}""");

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "identifier_taken");
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.False(Replayed(corrected));
        Assert.Equal(2, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task A_key_with_invisible_characters_is_refused()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();

        var response = await PostWithKeyAsync(client, "has space", Body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_idempotency_key");
        Assert.Equal(0, await api.CountContactsAsync(orgId));
    }
}
