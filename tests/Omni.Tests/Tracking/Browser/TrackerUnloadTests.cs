using Omni.Tests.Infrastructure;
using Omni.Tests.Tracking.Snippet;

namespace Omni.Tests.Tracking.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TrackerUnloadTests(BrowserFixture browser)
{
    [Fact]
    public async Task Given_a_visitor_who_leaves_right_after_a_tracked_action_when_the_page_goes_away_then_the_event_still_reaches_the_intake()
    {
        // An API whose public address is the site's, so the tracker sends to the site's own recording intake.
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared, new Dictionary<string, string?> { ["Omni:PublicBaseUrl"] = browser.Site.Origin });
        var writeKey = (await api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        var next = browser.Site.Add("<!doctype html><title>Next</title>");
        await using var visit = await Visit.OpenAsync(browser, browser.Site.Add(TrackerPage.Html(api.BaseAddress, writeKey)), interceptIntake: false);
        await Eventually.HoldsAsync(() => Task.FromResult(SentTo(writeKey).Any(e => e.GetProperty("name").GetString() == "PageView")),
            () => Task.FromResult("no page view"));

        await visit.Page.EvaluateAsync("url => { omni.track('Lead', {form: 'exit'}); location.href = url; }", next);

        await Eventually.HoldsAsync(() => Task.FromResult(SentTo(writeKey).Any(e => e.GetProperty("name").GetString() == "Lead")),
            () => Task.FromResult("the Lead made just before leaving never arrived"), TimeSpan.FromSeconds(20));
        var lead = SentTo(writeKey).Single(e => e.GetProperty("name").GetString() == "Lead");
        Assert.Equal("exit", lead.GetProperty("properties").GetProperty("form").GetString());
        Assert.All(browser.Site.Batches, b => Assert.Equal("text/plain;charset=UTF-8", b.ContentType, ignoreCase: true));
        Assert.Equal("Next", await visit.Page.TitleAsync());
    }

    private List<System.Text.Json.JsonElement> SentTo(string writeKey) =>
        browser.Site.Batches.Where(b => b.Body.GetProperty("write_key").GetString() == writeKey)
            .SelectMany(b => b.Body.GetProperty("events").EnumerateArray()).ToList();
}
