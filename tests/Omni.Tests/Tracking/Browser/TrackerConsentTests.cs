using Omni.Tests.Infrastructure;
using Omni.Tests.Tracking.Snippet;

namespace Omni.Tests.Tracking.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TrackerConsentTests(BrowserFixture browser)
{
    /// <summary>Longer than the tracker's one-second batching, so anything it meant to send would have gone.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task Given_consent_is_required_when_the_visitor_has_not_granted_it_then_nothing_is_stored_or_sent_until_the_page_calls_consent_true()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin], consentMode: "required")).GetProperty("write_key").GetString()!;
        await using var visit = await Visit.OpenAsync(browser, browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey)));

        await visit.Page.ClickAsync("#buy");
        await Task.Delay(Quiet);

        Assert.Empty(visit.Intake.Batches);
        Assert.Empty(await visit.Context.CookiesAsync());
        Assert.Equal(0, await visit.Page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Equal(0, await visit.Page.EvaluateAsync<int>("() => window.fbqCalls.length"));
        Assert.Equal("null", (await visit.JsonAsync("window.dataLayer")).GetRawText());

        await visit.Page.EvaluateAsync("() => omni.consent(true)");

        // What the visitor did on this page before the answer goes out once it is yes, under the new id.
        var events = await visit.SentAsync("PageView", "AddToCart");
        var aid = await visit.CookieAsync("omni_aid");
        Assert.NotNull(aid);
        Assert.All(events, e => Assert.Equal(aid.Value, e.GetProperty("anonymous_id").GetString()));
        Assert.NotNull(await visit.CookieAsync("_fbp"));
        Assert.Empty(visit.PageErrors);
    }

    [Fact]
    public async Task Given_consent_is_required_when_the_page_refuses_it_then_the_tracker_stays_off()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin], consentMode: "required")).GetProperty("write_key").GetString()!;
        var html = TrackerPage.Html(browser.Api.BaseAddress, writeKey, "omni.consent(false);");
        await using var visit = await Visit.OpenAsync(browser, browser.Site.Add(html));

        await visit.Page.ClickAsync("#buy");
        await visit.Page.EvaluateAsync("() => omni.track('Lead')");
        await Task.Delay(Quiet);

        Assert.Empty(visit.Intake.Batches);
        Assert.Empty(await visit.Context.CookiesAsync());
        Assert.Equal(0, await visit.Page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Equal(0, await visit.Page.EvaluateAsync<int>("() => window.fbqCalls.length"));
        Assert.Empty(visit.PageErrors);
    }

    [Fact]
    public async Task Given_a_visitor_who_granted_consent_on_an_earlier_page_when_the_next_page_loads_then_it_is_tracked_without_asking_again()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin], consentMode: "required")).GetProperty("write_key").GetString()!;
        await using var visit = await Visit.OpenAsync(browser, browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey, "omni.consent(true);")));
        await visit.SentAsync("PageView");
        var aid = await visit.CookieAsync("omni_aid");

        await visit.Page.GotoAsync(browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey)));
        await visit.Page.WaitForFunctionAsync("() => window.omni && window.omni.loaded === true");

        var events = await Eventually.ValueAsync(() => Task.FromResult(visit.Intake.Events), e => e.Count >= 2, TimeSpan.FromSeconds(20));
        Assert.All(events, e => Assert.Equal(aid!.Value, e.GetProperty("anonymous_id").GetString()));
        Assert.Equal(2, events.Count(e => e.GetProperty("name").GetString() == "PageView"));
    }
}
