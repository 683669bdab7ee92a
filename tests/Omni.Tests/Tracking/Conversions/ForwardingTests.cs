using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Conversions;

/// <summary>Tracked events queued by the intake reach Meta's Conversions API as one request per batch, in
/// the exact wire format, with customer information hashed and the browser's event id kept for deduplication
/// with the pixel.</summary>
public sealed class ForwardingTests(CapiKit kit) : IClassFixture<CapiKit>
{
    [Fact]
    public async Task Queued_events_reach_meta_in_one_request_hashed_and_deduplicable_with_the_pixel()
    {
        // Given a page view by a known contact and a purchase by a visitor who identified itself by traits
        var site = await kit.NewSiteAsync(testEventCode: "TEST12345");
        var contact = (await site.Client.CreateContactAsync(new { name = "Joe Example", email = "Joe@Example.com", phone = "+16505551234" })).GetProperty("id").GetGuid();
        var page = await site.TrackAsync("evt-page-1", "page", "Home", contactId: contact,
            context: """{"fbc": "fb.1.1554763741205.AbCdEfGh", "fbp": "fb.1.1558571054389.1098115397", "url": "https://shop.example.com/"}""");
        var identify = await site.TrackAsync("evt-identify-1", "identify", "identify", anonymousId: "anon-1",
            properties: """{"email": " Mary@Example.com ", "first_name": "Mary"}""");
        var purchase = await site.TrackAsync("order-1042", "track", "Purchase", anonymousId: "anon-1", url: "https://shop.example.com/checkout/thank-you",
            properties: """{"value": 149.90, "currency": "brl", "content_ids": ["SKU-1", "SKU-2"], "content_type": "product", "coupon": "WELCOME"}""");

        // When the intake queues them
        await site.EnqueueAsync(page, identify, purchase);
        await site.SettledAsync();

        // Then Meta got one request, token in the query, test code on top, the two actions (the identify call is no action)
        var request = Assert.Single(kit.Fake.RequestsFor(site.Pixel));
        Assert.Equal(200, request.Status);
        Assert.Equal(site.Pixel.Token, request.Token);
        Assert.Contains("access_token=", request.Query, StringComparison.Ordinal);
        Assert.Equal("TEST12345", request.Body!["test_event_code"]!.GetValue<string>());
        var sent = kit.Fake.AcceptedFor(site.Pixel).OrderBy(e => e.EventName, StringComparer.Ordinal).ToList();
        Assert.Equal(["PageView", "Purchase"], sent.Select(e => e.EventName));
        Assert.All(sent, e => Assert.Equal("TEST12345", e.TestEventCode));

        var pageView = sent[0].Event;
        Assert.Equal("evt-page-1", pageView.GetProperty("event_id").GetString());
        Assert.Equal("website", pageView.GetProperty("action_source").GetString());
        Assert.Equal("https://shop.example.com/", pageView.GetProperty("event_source_url").GetString());
        Assert.InRange(pageView.GetProperty("event_time").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var user = pageView.GetProperty("user_data");
        Assert.Equal("2481f36dfc515ca76451aaadf1399026942a01ee50c6d0a61988b43cef039bc2", Single(user, "em"));
        Assert.Equal("6069d14bf122fdfd931dc7beb58e5dfbba395b1faf05bdcd42d12358d63d8599", Single(user, "ph"));
        Assert.Equal(CapiKit.Sha256(contact.ToString()), Single(user, "external_id"));
        Assert.Equal(CapiKit.Sha256("joe"), Single(user, "fn"));
        Assert.Equal(CapiKit.Sha256("example"), Single(user, "ln"));
        Assert.Equal("203.0.113.7", user.GetProperty("client_ip_address").GetString());
        Assert.Equal(CapiKit.Site.UserAgent, user.GetProperty("client_user_agent").GetString());
        Assert.Equal("fb.1.1554763741205.AbCdEfGh", user.GetProperty("fbc").GetString());
        Assert.Equal("fb.1.1558571054389.1098115397", user.GetProperty("fbp").GetString());

        var order = sent[1].Event;
        Assert.Equal("order-1042", order.GetProperty("event_id").GetString());
        Assert.Equal(CapiKit.Sha256("mary@example.com"), Single(order.GetProperty("user_data"), "em"));
        Assert.Equal(CapiKit.Sha256("mary"), Single(order.GetProperty("user_data"), "fn"));
        var custom = order.GetProperty("custom_data");
        Assert.Equal(149.90m, custom.GetProperty("value").GetDecimal());
        Assert.Equal("BRL", custom.GetProperty("currency").GetString());
        Assert.Equal(["SKU-1", "SKU-2"], custom.GetProperty("content_ids").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("WELCOME", custom.GetProperty("coupon").GetString());
        Assert.False(custom.TryGetProperty("email", out _));

        // And the deliveries record it; the same ids sent by the pixel would be counted once
        var deliveries = (await site.DeliveriesAsync()).OrderBy(d => d.Str("event_id"), StringComparer.Ordinal).ToList();
        Assert.Equal(["evt-page-1", "order-1042"], deliveries.Select(d => d.Str("event_id")));
        Assert.All(deliveries, d => Assert.Equal(("sent", 1), (d.Str("status"), d.Int("attempts"))));
        var trace = JsonDocument.Parse(await ResponseTextAsync(kit, site)).RootElement.GetProperty("fbtrace_id").GetString();
        Assert.All(deliveries, d => Assert.Equal(trace, d.Str("fbtrace_id")));
        Assert.True(kit.Fake.WouldDeduplicate(site.Pixel, "PageView", "evt-page-1"));
        Assert.True(kit.Fake.WouldDeduplicate(site.Pixel, "Purchase", "order-1042"));

        // And the token never reached the logs
        Assert.DoesNotContain(kit.Api.Logs.Lines, l => l.Contains(site.Pixel.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_queued_twice_are_sent_once()
    {
        // Given an event queued, then queued again (a retried intake)
        var site = await kit.NewSiteAsync();
        var row = await site.TrackAsync("evt-twice", "track", "add_to_cart", properties: """{"items": [{"item_id": "SKU-9", "price": 10.5, "quantity": 2}]}""");
        await site.EnqueueAsync(row);
        await site.SettledAsync();

        // When it is queued again
        await site.EnqueueAsync(row);
        await site.SettledAsync();

        // Then Meta got it once, under Meta's standard name for GA4's add_to_cart, with its items as contents
        var sent = Assert.Single(kit.Fake.AcceptedFor(site.Pixel));
        Assert.Equal("AddToCart", sent.EventName);
        var contents = sent.Event.GetProperty("custom_data").GetProperty("contents")[0];
        Assert.Equal(("SKU-9", 2, 10.5m), (contents.GetProperty("id").GetString(), contents.GetProperty("quantity").GetInt32(), contents.GetProperty("item_price").GetDecimal()));
        Assert.Single(await site.DeliveriesAsync());
    }

    [Fact]
    public async Task A_source_without_a_conversions_api_token_queues_nothing()
    {
        // Given a source with a pixel but no token
        var site = await kit.NewSiteAsync();
        var plain = await kit.CreateSourceAsync(site.Client, kit.Fake.AddPixel().Id, token: null, testEventCode: null);
        var row = await site.TrackAsync("evt-plain", sourceId: plain);

        // When the intake queues its event
        await site.EnqueueForAsync(plain, row);

        // Then there is no delivery and no job
        Assert.Empty(await site.DeliveriesAsync());
        Assert.Empty(await kit.RowsAsync("select 1 from omni.jobs where org_id = $1 and type = 'tracking.capi-forward'", site.OrgId));
    }

    [Fact]
    public async Task A_visitors_event_stored_before_it_identified_itself_is_matched_to_its_contact()
    {
        // Given a visitor's event without a contact, and the identity map saying who the visitor is
        var site = await kit.NewSiteAsync();
        var contact = (await site.Client.CreateContactAsync(new { name = "Lia", email = "lia@example.com" })).GetProperty("id").GetGuid();
        var row = await site.TrackAsync("evt-before-identify", "track", "ViewContent", anonymousId: "anon-lia");
        await kit.Api.Database.AdminExecAsync("insert into tracking.identities (org_id, anonymous_id, contact_id) values ($1, 'anon-lia', $2)", site.OrgId, contact);

        // When it is forwarded
        await site.EnqueueAsync(row);
        await site.SettledAsync();

        // Then Meta can match it by the contact's hashed email and id
        var user = Assert.Single(kit.Fake.AcceptedFor(site.Pixel)).Event.GetProperty("user_data");
        Assert.Equal(CapiKit.Sha256("lia@example.com"), Single(user, "em"));
        Assert.Equal(CapiKit.Sha256(contact.ToString()), Single(user, "external_id"));
    }

    [Fact]
    public async Task A_website_event_without_a_user_agent_is_failed_before_it_can_sink_its_batch()
    {
        // Given an event stored without a user agent (its source keeps none) beside a complete one
        var site = await kit.NewSiteAsync();
        var bare = await site.TrackAsync("evt-no-ua", userAgent: null);
        var full = await site.TrackAsync("evt-with-ua");

        // When both are forwarded
        await site.EnqueueAsync(bare, full);
        await site.SettledAsync();

        // Then the complete one was accepted and the other failed with the reason
        Assert.Equal(["evt-with-ua"], kit.Fake.AcceptedFor(site.Pixel).Select(e => e.EventId));
        var failed = await site.DeliveryAsync("evt-no-ua");
        Assert.Equal(("failed", "missing_user_agent", 0), (failed.Str("status"), failed.Str("error_code"), failed.Int("attempts")));
    }

    private static string Single(JsonElement user, string key) => Assert.Single(user.GetProperty(key).EnumerateArray()).GetString()!;

    private static async Task<string> ResponseTextAsync(CapiKit kit, CapiKit.Site site) =>
        (await kit.RowsAsync("select response::text as r from tracking.capi_deliveries where org_id = $1 limit 1", site.OrgId)).Single().Str("r")!;
}
