using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Omni.Tests.Tracking.Browser;

/// <summary>A customer's site on 127.0.0.1: serves the HTML pages a test adds, each at its own path, from an
/// origin of its own (another port than the API's, so the tracker's requests are cross-origin as in production).</summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private TestSite()
    {
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, as a browser sends it in <c>Origin</c>.</summary>
    public string Origin { get; private set; } = "";

    public static async Task<TestSite> StartAsync()
    {
        var site = new TestSite();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/pages/{id}", (string id) => site._pages.TryGetValue(id, out var html)
            ? Results.Content(html, "text/html; charset=utf-8")
            : Results.NotFound());
        await app.StartAsync();
        site._app = app;
        site.Origin = app.Urls.First().TrimEnd('/');
        return site;
    }

    /// <summary>Serves <paramref name="html"/> and returns its address.</summary>
    public string Add(string html)
    {
        var id = Guid.NewGuid().ToString("N");
        _pages[id] = html;
        return $"{Origin}/pages/{id}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
