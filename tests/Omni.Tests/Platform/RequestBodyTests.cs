using System.Net;
using System.Text;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>Every documented route that takes a body refuses a malformed one with 400 and an oversized one
/// with 413, as problem responses, and stores nothing. Runs on its own database so that "nothing stored"
/// can be checked by counting every row of every table.</summary>
public sealed class RequestBodyTests : IAsyncLifetime
{
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        var db = await TestCluster.CreateDatabaseAsync("omni_bodies");
        _api = await TestApi.StartAsync(db, new Dictionary<string, string?> { ["Omni:Jobs:Enabled"] = "false" });
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string, string> BadBodies => new()
    {
        { "truncated JSON", """{"name": "Ana""" },
        { "not JSON at all", "name=Ana" },
        { "an array instead of an object", "[1, 2, 3]" },
        { "a string where an object goes", "\"Ana\"" },
        { "a number where a string goes", """{"name": 42, "role": 7, "scopes": 3, "type": 1, "value": 2, "source_contact_id": 5}""" },
        { "nested too deep", new string('[', 100) + new string(']', 100) },
        { "an empty body", "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Every_route_with_a_body_refuses_a_malformed_one_with_400_and_stores_nothing(string why, string body)
    {
        var (owner, org) = await _api.NewOrgAsync();
        var routes = await RoutesWithBodiesAsync(owner, org);
        var before = await CountEveryRowAsync();
        using var client = _api.Client(owner.Token, org);

        var wrong = new List<string>();
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var response = await client.SendAsync(request);
            var problem = await response.ReadJsonAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !problem.TryGetProperty("code", out _))
                wrong.Add($"{method} {path} ({why}): {(int)response.StatusCode} {problem}");
        }

        Assert.True(routes.Count >= 8, $"only {routes.Count} routes with bodies");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Equal(before, await CountEveryRowAsync());
    }

    [Fact]
    public async Task Every_route_with_a_body_refuses_one_over_the_limit_with_413_and_stores_nothing()
    {
        var (owner, org) = await _api.NewOrgAsync();
        var routes = await RoutesWithBodiesAsync(owner, org);
        var before = await CountEveryRowAsync();
        using var client = _api.Client(owner.Token, org);
        var huge = "{\"name\": \"" + new string('x', 1024 * 1024 + 10) + "\"}";

        var wrong = new List<string>();
        foreach (var (method, path) in routes)
        {
            foreach (var chunked in new[] { false, true })
            {
                HttpContent content = chunked ? new ChunkedContent(huge).Json() : new StringContent(huge, Encoding.UTF8, "application/json");
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
                var response = await client.SendAsync(request);
                var problem = await response.ReadJsonAsync();
                if (response.StatusCode != HttpStatusCode.RequestEntityTooLarge || problem.GetProperty("code").GetString() != "payload_too_large")
                    wrong.Add($"{method} {path} (chunked: {chunked}): {(int)response.StatusCode} {problem}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Equal(before, await CountEveryRowAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_content_type_is_refused_with_415()
    {
        var (owner, org) = await _api.NewOrgAsync();
        using var client = _api.Client(owner.Token, org);

        var response = await client.PostAsync("/api/v1/contacts", new StringContent("""{"name":"Ana"}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", (await response.ReadJsonAsync()).GetProperty("code").GetString());
    }

    /// <summary>Every POST/PUT/PATCH with a body in the OpenAPI document, its ids filled with real ones.</summary>
    private async Task<List<(string Method, string Path)>> RoutesWithBodiesAsync(TestUser owner, Guid org)
    {
        var document = await ApiDocument.LoadAsync(_api);
        var resources = new RouteResources(_api, document, owner, org);
        var routes = new List<(string, string)>();
        foreach (var operation in document.Operations.Where(o => o.HasBody && o.Path.StartsWith("/api/", StringComparison.Ordinal)))
            routes.Add((operation.Method, await resources.FillAsync(operation.Path)));
        return routes;
    }

    private Task<long> CountEveryRowAsync() => _api.Database.AdminScalarAsync<long>("""
        select coalesce(sum((xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint), 0)::bigint
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname in ('omni', 'contacts')
        """);

    /// <summary>A body sent without Content-Length (chunked), so the limit must hold while reading.</summary>
    private sealed class ChunkedContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

        public ChunkedContent Json()
        {
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return this;
        }
    }
}
