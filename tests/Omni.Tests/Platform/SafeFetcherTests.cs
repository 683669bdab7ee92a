using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Omni.Platform.Http;

namespace Omni.Tests.Platform;

/// <summary>The fetcher used for URLs that users and platforms give us must never become a way into our
/// own network (SSRF), and must stop at its size and time limits.</summary>
public sealed class SafeFetcherTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/small", () => Results.Bytes(new byte[100], "image/png"));
        _server.MapGet("/big", () => Results.Bytes(new byte[200_000], "image/png"));
        _server.MapGet("/slow", async () => { await Task.Delay(5000); return Results.Ok(); });
        _server.MapGet("/to-small", () => Results.Redirect("/small"));
        _server.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        _server.MapGet("/auth", (HttpRequest r) => r.Headers.Authorization.ToString() == "Bearer t" ? Results.Bytes([1, 2, 3], "image/png") : Results.StatusCode(401));
        await _server.StartAsync();
        _base = new Uri(_server.Urls.First());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static SafeFetcher Fetcher(params string[] allowedHosts) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(allowedHosts.Select((h, i) => new KeyValuePair<string, string?>($"Omni:Http:FetchAllowHosts:{i}", h))).Build());

    [Theory]
    [InlineData("http://127.0.0.1/x")]
    [InlineData("http://localhost:1/x")]
    [InlineData("http://10.1.2.3/x")]
    [InlineData("http://172.16.0.1/x")]
    [InlineData("http://192.168.1.1/x")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/x")]
    [InlineData("http://100.64.0.1/x")]
    [InlineData("ftp://example.com/x")]
    [InlineData("file:///etc/passwd")]
    public async Task Private_loopback_and_link_local_targets_are_refused(string url)
    {
        using var fetcher = Fetcher();
        var refused = await Assert.ThrowsAsync<FetchException>(() => fetcher.GetAsync(new Uri(url), 1000, TimeSpan.FromSeconds(2), null, CancellationToken.None));
        Assert.Contains(refused.Code, new[] { "forbidden_address", "invalid_url" });
    }

    [Fact]
    public async Task An_allow_listed_host_is_fetched_within_the_size_limit()
    {
        using var fetcher = Fetcher("127.0.0.1");

        var content = await fetcher.GetAsync(new Uri(_base, "/small"), 1000, TimeSpan.FromSeconds(5), null, CancellationToken.None);

        Assert.Equal(100, content.Content.Length);
        Assert.Equal("image/png", content.MediaType);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused()
    {
        using var fetcher = Fetcher("127.0.0.1");
        var refused = await Assert.ThrowsAsync<FetchException>(() => fetcher.GetAsync(new Uri(_base, "/big"), 10_000, TimeSpan.FromSeconds(5), null, CancellationToken.None));
        Assert.Equal("too_large", refused.Code);
    }

    [Fact]
    public async Task A_slow_server_is_cut_off_at_the_time_limit()
    {
        using var fetcher = Fetcher("127.0.0.1");
        var refused = await Assert.ThrowsAsync<FetchException>(() => fetcher.GetAsync(new Uri(_base, "/slow"), 1000, TimeSpan.FromMilliseconds(300), null, CancellationToken.None));
        Assert.Equal("timeout", refused.Code);
    }

    [Fact]
    public async Task Redirects_are_followed_and_each_hop_is_checked()
    {
        using var fetcher = Fetcher("127.0.0.1");

        var followed = await fetcher.GetAsync(new Uri(_base, "/to-small"), 1000, TimeSpan.FromSeconds(5), null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<FetchException>(() => fetcher.GetAsync(new Uri(_base, "/to-metadata"), 1000, TimeSpan.FromSeconds(5), null, CancellationToken.None));

        Assert.Equal(100, followed.Content.Length);
        Assert.Equal("forbidden_address", refused.Code);
    }

    [Fact]
    public async Task Credentials_are_sent_to_the_url_given()
    {
        using var fetcher = Fetcher("127.0.0.1");

        var content = await fetcher.GetAsync(new Uri(_base, "/auth"), 1000, TimeSpan.FromSeconds(5), new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t"), CancellationToken.None);

        Assert.Equal(3, content.Content.Length);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    public void Public_addresses_are_told_apart_from_internal_ones(string address, bool isPublic) =>
        Assert.Equal(isPublic, SafeFetcher.IsPublic(IPAddress.Parse(address)));
}
