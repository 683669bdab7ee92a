using Microsoft.Playwright;
using Omni.Tests.Tracking.Snippet;

namespace Omni.Tests.Tracking.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TrackerOfflineTests(BrowserFixture browser)
{
    [Fact]
    public async Task Given_the_network_fails_when_events_are_recorded_then_they_wait_in_local_storage_and_are_sent_once_the_browser_is_back_online()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        var url = browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey));
        var context = await browser.Browser.NewContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();
        var intake = await BatchCapture.AttachAsync(page, browser.Site.Origin);
        intake.Down = true;
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.omni && window.omni.loaded === true");

        await page.ClickAsync("#buy");
        var eventId = await page.EvaluateAsync<string>("() => window.dataLayer.find(e => e.event === 'AddToCart').omni_event_id");
        await page.WaitForFunctionAsync(
            "id => (JSON.parse(localStorage.getItem('omni_queue') || '[]')).some(e => e.event_id === id)", eventId,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        Assert.Empty(intake.Batches);

        await context.SetOfflineAsync(true);
        intake.Down = false;
        await context.SetOfflineAsync(false);

        await page.WaitForFunctionAsync("() => localStorage.getItem('omni_queue') === null", null,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        var sent = intake.Events.Where(e => e.GetProperty("event_id").GetString() == eventId).ToList();
        Assert.NotEmpty(sent);
        Assert.Equal("AddToCart", sent[0].GetProperty("name").GetString());
        Assert.Contains(intake.Events, e => e.GetProperty("name").GetString() == "PageView");
        Assert.All(intake.Batches, b => Assert.Equal(writeKey, b.Body.GetProperty("write_key").GetString()));
    }

    [Fact]
    public async Task Given_events_left_in_storage_by_an_earlier_page_when_the_next_page_loads_then_they_are_sent()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        var url = browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey));
        var context = await browser.Browser.NewContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();
        var intake = await BatchCapture.AttachAsync(page, browser.Site.Origin);
        intake.Down = true;
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => (JSON.parse(localStorage.getItem('omni_queue') || '[]')).length > 0", null,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        var storedId = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('omni_queue'))[0].event_id");

        intake.Down = false;
        await page.ReloadAsync();

        await page.WaitForFunctionAsync("() => localStorage.getItem('omni_queue') === null", null,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        Assert.Contains(intake.Events, e => e.GetProperty("event_id").GetString() == storedId);
    }

    [Fact]
    public async Task Given_the_intake_refuses_a_batch_as_invalid_when_it_answers_400_then_the_batch_is_dropped_rather_than_retried()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        var url = browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey));
        var context = await browser.Browser.NewContextAsync();
        await using var _ = context;
        var page = await context.NewPageAsync();
        var calls = 0;
        await page.RouteAsync("**/api/v1/track/batch", route =>
        {
            Interlocked.Increment(ref calls);
            return route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 400,
                ContentType = "application/problem+json",
                Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = browser.Site.Origin },
                Body = """{"title":"Invalid batch","status":400,"code":"validation_failed"}""",
            });
        });
        await page.GotoAsync(url);

        await page.WaitForFunctionAsync("() => window.omni && window.omni.loaded === true");
        for (var i = 0; i < 100 && Volatile.Read(ref calls) == 0; i++) await Task.Delay(50);
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('omni_queue')"));
    }
}
