using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Snippet;

public sealed class SnippetEndpointTests
{
    private const string ConfigPrefix = "(window.omni=window.omni||{q:[]}).config=";

    [Fact]
    public async Task Given_an_active_source_when_its_snippet_is_fetched_then_it_is_cacheable_javascript_with_the_source_config_on_its_first_line()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync(consentMode: "required", pixelId: "1234567890");
        var writeKey = source.GetProperty("write_key").GetString()!;
        using var client = api.Client();

        var response = await client.GetAsync($"/t.js?k={writeKey}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 300 }, response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        var config = ConfigOf(text);
        Assert.Equal(writeKey, config.GetProperty("write_key").GetString());
        Assert.Equal(api.BaseAddress.GetLeftPart(UriPartial.Authority), config.GetProperty("api").GetString());
        Assert.Equal("required", config.GetProperty("consent_mode").GetString());
        Assert.Equal("1234567890", config.GetProperty("pixel_id").GetString());
        Assert.Contains("/api/v1/track/batch", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_etag_of_a_snippet_when_it_is_fetched_again_with_it_then_the_answer_is_304_without_a_body()
    {
        var api = await TestApi.Shared;
        var writeKey = (await api.NewSourceAsync()).GetProperty("write_key").GetString()!;
        using var client = api.Client();
        var first = await client.GetAsync($"/t.js?k={writeKey}");

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/t.js?k={writeKey}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Given_an_unknown_or_missing_write_key_when_the_snippet_is_fetched_then_the_answer_is_404_with_a_javascript_comment()
    {
        var api = await TestApi.Shared;
        using var client = api.Client();

        foreach (var path in new[] { "/t.js?k=omni_wk_0123456789abcdef0123456789abcdef", "/t.js", "/t.js?k=nonsense" })
        {
            var response = await client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("/*", text, StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl?.NoStore, path);
        }
    }

    [Fact]
    public async Task Given_a_source_that_was_switched_off_when_its_snippet_is_fetched_then_the_answer_is_404()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token, org);
        var created = await (await asOwner.PostAsJsonAsync("/api/v1/tracking/sources", new { name = "Old shop" })).ReadJsonAsync();
        var patch = await asOwner.PatchAsJsonAsync($"/api/v1/tracking/sources/{created.GetProperty("id").GetGuid()}", new { is_active = false });
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        using var client = api.Client();

        var response = await client.GetAsync($"/t.js?k={created.GetProperty("write_key").GetString()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Given_a_public_base_url_when_the_snippet_is_fetched_then_it_sends_events_to_that_address_rather_than_the_request_host()
    {
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared, new Dictionary<string, string?> { ["Omni:PublicBaseUrl"] = "https://api.example.com/" });
        var writeKey = (await api.NewSourceAsync()).GetProperty("write_key").GetString()!;
        using var client = api.Client();

        var text = await client.GetStringAsync($"/t.js?k={writeKey}");

        Assert.Equal("https://api.example.com", ConfigOf(text).GetProperty("api").GetString());
    }

    [Fact]
    public async Task The_served_snippet_is_at_most_6_KB_gzipped()
    {
        var api = await TestApi.Shared;
        var writeKey = (await api.NewSourceAsync()).GetProperty("write_key").GetString()!;
        using var client = api.Client();
        var bytes = await client.GetByteArrayAsync($"/t.js?k={writeKey}");

        using var zipped = new MemoryStream();
        await using (var gzip = new GZipStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true))
            await gzip.WriteAsync(bytes);

        Assert.True(zipped.Length <= 6 * 1024, $"{zipped.Length} bytes gzipped ({bytes.Length} raw)");
    }

    [Fact]
    public async Task The_snippet_route_is_documented_with_its_write_key_and_its_answers()
    {
        var api = await TestApi.Shared;
        var document = await ApiDocument.LoadAsync(api);

        var operation = document.Find("GET", "/t.js");

        Assert.NotNull(operation);
        var spec = operation.Spec;
        Assert.Contains(spec.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "k" && p.GetProperty("in").GetString() == "query");
        Assert.True(spec.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/javascript", out _));
        Assert.True(spec.GetProperty("responses").TryGetProperty("404", out _));
        Assert.Contains("omni.q.push", spec.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement ConfigOf(string script)
    {
        var firstLine = script[..script.IndexOf('\n', StringComparison.Ordinal)];
        Assert.StartsWith(ConfigPrefix, firstLine, StringComparison.Ordinal);
        return JsonDocument.Parse(firstLine[ConfigPrefix.Length..].TrimEnd(';')).RootElement.Clone();
    }
}
