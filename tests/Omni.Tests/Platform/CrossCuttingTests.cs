using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

public sealed class CrossCuttingTests
{
    [Fact]
    public async Task Every_response_carries_a_request_id_and_a_sane_incoming_one_is_kept()
    {
        var api = await TestApi.Shared;
        using var client = api.Client();

        var fresh = await client.GetAsync("/healthz");
        using var withId = new HttpRequestMessage(HttpMethod.Get, "/api/v1/contacts");
        withId.Headers.Add("X-Request-Id", "req-abc.123");
        var echoed = await client.SendAsync(withId);
        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        hostile.Headers.Add("X-Request-Id", "<script>" + new string('x', 100));
        var replaced = await client.SendAsync(hostile);

        Assert.Matches("^[0-9a-f]{32}$", fresh.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("req-abc.123", echoed.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("req-abc.123", (await echoed.ReadJsonAsync()).GetProperty("request_id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", replaced.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Health_and_readiness_answer_without_credentials()
    {
        var api = await TestApi.Shared;
        using var client = api.Client();

        Assert.Equal("ok", (await (await client.GetAsync("/healthz")).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal("ready", (await (await client.GetAsync("/readyz")).ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Swagger_ui_and_the_openapi_document_are_served_with_bearer_auth_wired()
    {
        var api = await TestApi.Shared;
        using var client = api.Client();

        var ui = await client.GetAsync("/swagger/index.html");
        var document = await ApiDocument.LoadAsync(api);

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger-ui", await ui.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var scheme = document.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.NotNull(document.Find("POST", "/api/v1/contacts"));
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_get_problem_responses()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token);

        var missing = await client.GetAsync("/api/v1/nothing-here");
        var wrongMethod = await client.PutAsJsonAsync("/api/v1/orgs", new { name = "x" });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", (await missing.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("method_not_allowed", (await wrongMethod.ReadJsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_caller_over_its_rate_is_told_to_retry_later_and_other_callers_are_not_affected()
    {
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared, new Dictionary<string, string?>
        {
            ["Omni:RateLimiting:Enabled"] = "true",
            ["Omni:RateLimiting:PermitsPerSecond"] = "1",
            ["Omni:RateLimiting:Burst"] = "3",
        });
        var (busy, _) = await api.NewOrgAsync();
        var (calm, _) = await api.NewOrgAsync();
        using var busyClient = api.Client(busy.Token);
        using var calmClient = api.Client(calm.Token);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8 && limited is null; i++)
        {
            var response = await busyClient.GetAsync("/api/v1/contacts");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }

        Assert.NotNull(limited);
        Assert.True(int.Parse(limited!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("rate_limited", (await limited.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await calmClient.GetAsync("/api/v1/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await busyClient.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_per_address()
    {
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared, new Dictionary<string, string?>
        {
            ["Omni:RateLimiting:Enabled"] = "true",
            ["Omni:RateLimiting:AnonymousPermitsPerSecond"] = "1",
            ["Omni:RateLimiting:AnonymousBurst"] = "2",
        });
        using var client = api.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await client.GetAsync("/api/v1/contacts")).StatusCode);

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Cors_admits_configured_front_end_origins_only()
    {
        var api = await TestApi.Shared;
        using var client = api.Client();

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/contacts");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-org-id,idempotency-key");
            return await client.SendAsync(request);
        }

        var allowed = await PreflightAsync("https://app.example.com");
        var foreign = await PreflightAsync("https://evil.example.net");

        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("idempotency-key", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
