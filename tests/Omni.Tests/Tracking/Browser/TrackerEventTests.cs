using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Omni.Tests.Tracking.Snippet;

namespace Omni.Tests.Tracking.Browser;

[Collection(BrowserCollection.Name)]
public sealed partial class TrackerEventTests(BrowserFixture browser)
{
    [Fact]
    public async Task Given_a_page_with_the_tracker_when_a_marked_button_is_clicked_then_the_data_layer_the_pixel_and_the_intake_get_the_event_under_one_id()
    {
        var source = await browser.Api.NewSourceAsync([browser.Site.Origin]);
        var writeKey = source.GetProperty("write_key").GetString()!;
        var url = browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey));
        await using var visit = await Visit.OpenAsync(browser, url);

        await visit.Page.ClickAsync("#buy span");
        await visit.Page.EvaluateAsync("() => omni.track('QuizCompleted', {score: 7})");
        var events = await visit.SentAsync("PageView", "AddToCart", "QuizCompleted");

        // The anonymous id: a first-party cookie for a year, Lax, on the whole site.
        var aid = await visit.CookieAsync("omni_aid");
        Assert.NotNull(aid);
        Assert.Matches(UuidPattern(), aid.Value);
        Assert.Equal(SameSiteAttribute.Lax, aid.SameSite);
        Assert.Equal("/", aid.Path);
        Assert.False(aid.Secure); // the test site is plain http; on https the cookie is Secure
        AssertExpiresIn(aid, TimeSpan.FromDays(365));

        var click = events.Single(e => e.GetProperty("name").GetString() == "AddToCart");
        var eventId = click.GetProperty("event_id").GetString()!;
        Assert.Matches(UuidPattern(), eventId);

        // dataLayer: the event name, our id, and the element's data-omni-* attributes as properties.
        var pushed = (await visit.JsonAsync("window.dataLayer")).EnumerateArray().Single(p => p.GetProperty("event").GetString() == "AddToCart");
        Assert.Equal(eventId, pushed.GetProperty("omni_event_id").GetString());
        Assert.Equal("SKU-1", pushed.GetProperty("product_id").GetString());
        Assert.Equal(149.9, pushed.GetProperty("value").GetDouble());
        Assert.Equal("007", pushed.GetProperty("sku").GetString());

        // The Pixel: standard names with track, others with trackCustom, always with eventID = event_id.
        var fbq = (await visit.JsonAsync("window.fbqCalls")).EnumerateArray().ToList();
        var addToCart = fbq.Single(c => c[1].GetString() == "AddToCart");
        Assert.Equal("track", addToCart[0].GetString());
        Assert.Equal("SKU-1", addToCart[2].GetProperty("product_id").GetString());
        Assert.Equal(eventId, addToCart[3].GetProperty("eventID").GetString());
        var custom = fbq.Single(c => c[1].GetString() == "QuizCompleted");
        Assert.Equal("trackCustom", custom[0].GetString());
        Assert.Equal(7, custom[2].GetProperty("score").GetInt32());
        Assert.Equal(FindId(events, "QuizCompleted"), custom[3].GetProperty("eventID").GetString());
        var pageView = fbq.Single(c => c[1].GetString() == "PageView");
        Assert.Equal("track", pageView[0].GetString());
        Assert.Equal(FindId(events, "PageView"), pageView[3].GetProperty("eventID").GetString());

        // The intake's contract: a text/plain POST (no preflight) of the write key, the client's time and the events.
        var batch = visit.Intake.Batches.First(b => b.Body.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("event_id").GetString() == eventId));
        Assert.Equal("POST", batch.Method);
        Assert.Equal("text/plain;charset=UTF-8", batch.ContentType);
        Assert.Equal(writeKey, batch.Body.GetProperty("write_key").GetString());
        AssertRecentIsoTime(batch.Body.GetProperty("sent_at"));
        Assert.Equal("track", click.GetProperty("type").GetString());
        Assert.Equal(aid.Value, click.GetProperty("anonymous_id").GetString());
        Assert.Equal("SKU-1", click.GetProperty("properties").GetProperty("product_id").GetString());
        Assert.Equal(149.9, click.GetProperty("properties").GetProperty("value").GetDouble());
        Assert.False(click.TryGetProperty("traits", out _));
        AssertRecentIsoTime(click.GetProperty("timestamp"));
        var context = click.GetProperty("context");
        Assert.Equal(url, context.GetProperty("url").GetString());
        Assert.Equal(new Uri(url).AbsolutePath, context.GetProperty("path").GetString());
        Assert.Equal("Tee shop", context.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(context.GetProperty("locale").GetString()));
        Assert.Matches("^[0-9]+x[0-9]+$", context.GetProperty("screen").GetString());
        var fbp = await visit.CookieAsync("_fbp");
        Assert.NotNull(fbp);
        Assert.Matches(@"^fb\.1\.[0-9]{13}\.[0-9]{10}$", fbp.Value);
        AssertExpiresIn(fbp, TimeSpan.FromDays(90));
        Assert.Equal(fbp.Value, context.GetProperty("fbp").GetString());
        Assert.False(context.TryGetProperty("fbc", out _));

        var page = events.Single(e => e.GetProperty("name").GetString() == "PageView");
        Assert.Equal("page", page.GetProperty("type").GetString());
        Assert.Equal(aid.Value, page.GetProperty("anonymous_id").GetString());
        Assert.Empty(visit.PageErrors);
    }

    [Fact]
    public async Task Given_calls_queued_by_the_stub_before_the_script_loaded_when_it_loads_then_they_are_replayed_in_order_before_the_page_view()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        var url = browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey, """
            omni.track('Lead', {form: 'newsletter'});
            omni.identify({email: 'joe@example.com', phone: '+1 650 555 1234', external_id: 42, plan: 'pro'});
            omni.page('Pricing', {section: 'b'});
            """));
        await using var visit = await Visit.OpenAsync(browser, url);

        var events = await visit.SentAsync("Lead", "Identify", "Pricing", "PageView");

        Assert.Equal(["Lead", "Identify", "Pricing", "PageView"], events.Select(e => e.GetProperty("name").GetString()));
        var lead = events[0];
        Assert.Equal("track", lead.GetProperty("type").GetString());
        Assert.Equal("newsletter", lead.GetProperty("properties").GetProperty("form").GetString());
        var identify = events[1];
        Assert.Equal("identify", identify.GetProperty("type").GetString());
        var traits = identify.GetProperty("traits");
        Assert.Equal("joe@example.com", traits.GetProperty("email").GetString());
        Assert.Equal("+1 650 555 1234", traits.GetProperty("phone").GetString());
        Assert.Equal("42", traits.GetProperty("external_id").GetString());
        Assert.False(traits.TryGetProperty("plan", out _));
        Assert.Equal("page", events[2].GetProperty("type").GetString());
        Assert.Equal("b", events[2].GetProperty("properties").GetProperty("section").GetString());
        Assert.Single(events.Select(e => e.GetProperty("anonymous_id").GetString()).Distinct());
        // Traits stay out of the dataLayer and the Pixel.
        var dataLayer = (await visit.JsonAsync("window.dataLayer")).EnumerateArray().Select(p => p.GetProperty("event").GetString());
        Assert.DoesNotContain("Identify", dataLayer);
        Assert.Empty(visit.PageErrors);
    }

    [Fact]
    public async Task Given_an_ad_click_landing_url_when_the_page_loads_then_fbclid_becomes_the_fbc_cookie_in_meta_format_and_the_campaign_is_in_the_context()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        var url = browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey))
                  + "?utm_source=facebook&utm_medium=paid&utm_campaign=spring&utm_term=tees&utm_content=red&fbclid=IwAR2xYz_01";
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var visit = await Visit.OpenAsync(browser, url, referer: "https://www.facebook.com/");

        var page = (await visit.SentAsync("PageView")).Single();

        var fbc = await visit.CookieAsync("_fbc");
        Assert.NotNull(fbc);
        var match = Regex.Match(fbc.Value, @"^fb\.1\.([0-9]{13})\.IwAR2xYz_01$");
        Assert.True(match.Success, fbc.Value);
        Assert.InRange(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        AssertExpiresIn(fbc, TimeSpan.FromDays(90));
        var context = page.GetProperty("context");
        Assert.Equal(fbc.Value, context.GetProperty("fbc").GetString());
        Assert.Equal("facebook", context.GetProperty("utm_source").GetString());
        Assert.Equal("paid", context.GetProperty("utm_medium").GetString());
        Assert.Equal("spring", context.GetProperty("utm_campaign").GetString());
        Assert.Equal("tees", context.GetProperty("utm_term").GetString());
        Assert.Equal("red", context.GetProperty("utm_content").GetString());
        Assert.Equal("https://www.facebook.com/", context.GetProperty("referrer").GetString());
    }

    [Fact]
    public async Task Given_a_page_that_calls_the_tracker_with_bad_arguments_then_nothing_is_thrown_into_the_page_and_later_events_still_go_out()
    {
        var writeKey = (await browser.Api.NewSourceAsync([browser.Site.Origin])).GetProperty("write_key").GetString()!;
        await using var visit = await Visit.OpenAsync(browser, browser.Site.Add(TrackerPage.Html(browser.Api.BaseAddress, writeKey)));

        var outcome = await visit.Page.EvaluateAsync<string>("""
            () => {
              try {
                const cyclic = {a: 1}; cyclic.self = cyclic;
                omni.track(); omni.track(null, 5); omni.track('Cyclic', cyclic); omni.identify(null); omni.identify(7);
                omni.page(null, 'x'); omni.consent(); omni.q.push(null); omni.q.push(['nope']);
                omni.track('x'.repeat(500));
                omni.track('Search', {query: 'tees'});
                return 'ok';
              } catch (e) { return String(e); }
            }
            """);

        Assert.Equal("ok", outcome);
        var events = await visit.SentAsync("Cyclic", "Search");
        Assert.Empty(events.Single(e => e.GetProperty("name").GetString() == "Cyclic").GetProperty("properties").EnumerateObject());
        Assert.Contains(events, e => e.GetProperty("name").GetString()!.Length == 200);
        Assert.Empty(visit.PageErrors);
    }

    private static string? FindId(IReadOnlyList<JsonElement> events, string name) =>
        events.Single(e => e.GetProperty("name").GetString() == name).GetProperty("event_id").GetString();

    private static void AssertExpiresIn(BrowserContextCookiesResult cookie, TimeSpan lifetime)
    {
        var expected = DateTimeOffset.UtcNow.Add(lifetime).ToUnixTimeSeconds();
        Assert.InRange(cookie.Expires, expected - 3600, expected + 60);
    }

    private static void AssertRecentIsoTime(JsonElement value)
    {
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", value.GetString());
        var at = DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();
}
