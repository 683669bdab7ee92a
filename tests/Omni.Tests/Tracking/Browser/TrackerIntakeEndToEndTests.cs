using System.Collections.Concurrent;
using Omni.Tests.Infrastructure;
using Omni.Tests.Tracking.Snippet;

namespace Omni.Tests.Tracking.Browser;

/// <summary>The tracker against the real intake (<c>POST /api/v1/track/batch</c> and its CORS answer for the
/// source's allowed origins), nothing intercepted: the event the browser made is stored under its id.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TrackerIntakeEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task Given_the_real_intake_when_a_visitor_clicks_a_marked_button_then_the_event_is_stored_under_the_id_the_browser_made()
    {
        var source = await browser.Api.NewSourceAsync([browser.Site.Origin]);
        var writeKey = source.GetProperty("write_key").GetString()!;
        var answers = new ConcurrentQueue<string>();
        await using var visit = await Visit.OpenAsync(browser, browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey)), interceptIntake: false);
        visit.Page.Response += (_, r) => { if (r.Url.EndsWith("/api/v1/track/batch", StringComparison.Ordinal)) answers.Enqueue($"{r.Status} {r.StatusText}"); };
        visit.Page.RequestFailed += (_, r) => { if (r.Url.EndsWith("/api/v1/track/batch", StringComparison.Ordinal)) answers.Enqueue($"failed: {r.Failure}"); };

        await visit.Page.ClickAsync("#buy");
        var eventId = await visit.Page.EvaluateAsync<string>("() => window.dataLayer.find(e => e.event === 'AddToCart').omni_event_id");
        var aid = (await visit.CookieAsync("omni_aid"))!.Value;

        var db = browser.Api.Database;
        const string Sql = "select name, type, anonymous_id, source_id from tracking.events where event_id = $1";
        await Eventually.HoldsAsync(
            async () => (await db.AdminScalarAsync<long>("select count(*) from tracking.events where event_id = $1", eventId)) > 0,
            () => Task.FromResult($"The intake answered the tracker: [{string.Join(", ", answers)}]. API errors: {browser.Api.RecentErrors()}"),
            TimeSpan.FromSeconds(20));

        var row = Assert.Single(await db.AdminQueryAsync(Sql, r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetGuid(3)), eventId));
        Assert.Equal(("AddToCart", "track", aid, source.GetProperty("id").GetGuid()), row);
        Assert.Null(await visit.Page.EvaluateAsync<string?>("() => localStorage.getItem('omni_queue')"));
    }
}
