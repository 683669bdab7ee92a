using System.Net;
using System.Text;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Conversions;

/// <summary>From the browser to Meta: an event posted to the intake of a source with a pixel reaches the
/// Conversions API with the event_id the browser gave the pixel, so Meta deduplicates the two.</summary>
public sealed class IntakeForwardingTests(CapiKit kit) : IClassFixture<CapiKit>
{
    [Fact]
    public async Task An_event_from_the_intake_reaches_the_conversions_api_with_the_pixels_event_id()
    {
        var site = await kit.NewSiteAsync();
        var writeKey = (await (await site.Client.GetAsync($"/api/v1/tracking/sources/{site.SourceId}")).ReadJsonAsync()).GetProperty("write_key").GetString()!;
        var eventId = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(new
        {
            write_key = writeKey,
            events = new object[]
            {
                new
                {
                    event_id = eventId, type = "track", name = "AddToCart", anonymous_id = "visitor-7",
                    properties = new { value = 99.9, currency = "BRL", content_ids = new[] { "SKU-1" } },
                    context = new { url = "https://shop.example.com/p/1", fbp = "fb.1.1732170000000.1098115397", fbc = "fb.1.1732170000000.AbC" },
                },
            },
        });
        using var client = new HttpClient { BaseAddress = kit.Api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/track/batch") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "https://shop.example.com");
        request.Headers.TryAddWithoutValidation("User-Agent", CapiKit.Site.UserAgent);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await CapiKit.EventuallyAsync(() => Task.FromResult(kit.Fake.AcceptedFor(site.Pixel).Count == 1), "the event to reach the Conversions API");
        var sent = kit.Fake.AcceptedFor(site.Pixel).Single();
        Assert.Equal(("AddToCart", eventId), (sent.EventName, sent.EventId));
        Assert.True(kit.Fake.WouldDeduplicate(site.Pixel, "AddToCart", eventId));
        var user = sent.Event.GetProperty("user_data");
        Assert.Equal(("fb.1.1732170000000.1098115397", "fb.1.1732170000000.AbC", CapiKit.Site.UserAgent),
            (user.GetProperty("fbp").GetString(), user.GetProperty("fbc").GetString(), user.GetProperty("client_user_agent").GetString()));
        Assert.Equal("https://shop.example.com/p/1", sent.Event.GetProperty("event_source_url").GetString());
    }
}
