using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using Omni.Tests.Tracking.Snippet;

namespace Omni.Tests.Tracking.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TrackerRetryTests(BrowserFixture browser)
{
    [Fact]
    public async Task Given_the_intake_is_overloaded_when_it_answers_429_then_the_batch_is_kept_and_sent_again_later()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        var url = browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey));
        var context = await browser.Browser.NewContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();
        var answers = new ConcurrentQueue<(int Status, string[] Ids)>();
        await page.RouteAsync("**/api/v1/track/batch", route =>
        {
            var status = answers.IsEmpty ? 429 : 200;
            var ids = JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("event_id").GetString()!).ToArray();
            answers.Enqueue((status, ids));
            return route.FulfillAsync(new RouteFulfillOptions
            {
                Status = status,
                ContentType = status == 429 ? "application/problem+json" : "application/json",
                Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = browser.Site.Origin, ["Retry-After"] = "1" },
                Body = status == 429
                    ? JsonSerializer.Serialize(new { title = "Too many requests", status = 429, code = "rate_limited" })
                    : JsonSerializer.Serialize(new { accepted = ids.Length, duplicates = 0 }),
            });
        });

        await page.GotoAsync(url);

        for (var i = 0; i < 400 && answers.Count < 2; i++) await Task.Delay(50);
        var log = answers.ToList();
        Assert.True(log.Count >= 2, $"{log.Count} requests");
        var pageView = Assert.Single(log[0].Ids);
        Assert.Equal(429, log[0].Status);
        Assert.Equal(200, log[1].Status);
        Assert.Contains(pageView, log[1].Ids);
        await page.WaitForFunctionAsync("() => localStorage.getItem('omni_queue') === null", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }
}
