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
        await using var visit = await Visit.OpenAsync(browser, browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey)), interceptIntake: false);

        await visit.Page.ClickAsync("#buy");
        var eventId = await visit.Page.EvaluateAsync<string>("() => window.dataLayer.find(e => e.event === 'AddToCart').omni_event_id");
        var aid = (await visit.CookieAsync("omni_aid"))!.Value;

        var db = browser.Api.Database;
        var stored = await Infrastructure.Eventually.ValueAsync(
            () => db.AdminQueryAsync("select name, type, anonymous_id, source_id from tracking.events where event_id = $1",
                r => (Name: r.GetString(0), Type: r.GetString(1), AnonymousId: r.GetString(2), SourceId: r.GetGuid(3)), eventId),
            rows => rows.Count > 0, TimeSpan.FromSeconds(20));

        var row = Assert.Single(stored);
        Assert.Equal(("AddToCart", "track", aid, source.GetProperty("id").GetGuid()), row);
        Assert.Null(await visit.Page.EvaluateAsync<string?>("() => localStorage.getItem('omni_queue')"));
    }
}
