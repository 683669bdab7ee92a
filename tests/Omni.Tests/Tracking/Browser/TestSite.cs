using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Omni.Tests.Tracking.Browser;

/// <summary>A customer's site on 127.0.0.1: serves the HTML pages a test adds, each at its own path, from an
/// origin of its own (another port than the API's, so the tracker's requests are cross-origin as in production).
/// It also answers <c>POST /api/v1/track/batch</c> as the intake does and keeps what it got, for a tracker
/// told to send there: requests a page makes as it unloads are out of the browser automation's sight.</summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<CapturedBatch> _batches = new();
    private WebApplication? _app;

    private TestSite()
    {
    }

    /// <summary><c>http://127.0.0.1:{port}</c>, as a browser sends it in <c>Origin</c>.</summary>
    public string Origin { get; private set; } = "";

    public IReadOnlyCollection<CapturedBatch> Batches => _batches;

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
        app.MapPost("/api/v1/track/batch", async (HttpRequest request) =>
        {
            var body = await JsonDocument.ParseAsync(request.Body);
            var batch = new CapturedBatch(request.Method, request.ContentType, body.RootElement.Clone());
            site._batches.Enqueue(batch);
            return Results.Json(new { accepted = batch.Body.GetProperty("events").GetArrayLength(), duplicates = 0 });
        });
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
