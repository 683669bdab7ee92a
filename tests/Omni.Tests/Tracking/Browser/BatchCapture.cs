using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace Omni.Tests.Tracking.Browser;

/// <summary>Stands in for the intake at <c>POST {api}/api/v1/track/batch</c> inside the browser: records
/// every batch the tracker sends and answers 200 <c>{"accepted","duplicates"}</c> with the CORS header the API
/// gives an allowed origin, or, while <see cref="Down"/>, fails the request as a lost network would.</summary>
public sealed class BatchCapture
{
    private readonly ConcurrentQueue<CapturedBatch> _batches = new();

    private BatchCapture()
    {
    }

    public bool Down { get; set; }

    public IReadOnlyCollection<CapturedBatch> Batches => _batches;

    /// <summary>Every event sent so far, in the order the batches came.</summary>
    public IReadOnlyList<JsonElement> Events => _batches.SelectMany(b => b.Body.GetProperty("events").EnumerateArray()).ToList();

    public static async Task<BatchCapture> AttachAsync(IPage page, string siteOrigin)
    {
        var capture = new BatchCapture();
        await page.RouteAsync("**/api/v1/track/batch", async route =>
        {
            if (capture.Down)
            {
                await route.AbortAsync("internetdisconnected");
                return;
            }
            var body = JsonDocument.Parse(route.Request.PostData ?? "{}").RootElement.Clone();
            capture._batches.Enqueue(new CapturedBatch(route.Request.Method, route.Request.Headers.GetValueOrDefault("content-type"), body));
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "application/json",
                Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = siteOrigin },
                Body = JsonSerializer.Serialize(new { accepted = body.GetProperty("events").GetArrayLength(), duplicates = 0 }),
            });
        });
        return capture;
    }
}
