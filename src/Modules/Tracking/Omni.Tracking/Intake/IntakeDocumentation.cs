using System.Text.Json;
using Omni.Platform.OpenApi;

namespace Omni.Tracking.Intake;

/// <summary>The body of <c>POST /api/v1/track/batch</c> (read by hand, documented by this type).
/// <c>sent_at</c>: the client's clock when it sent the batch, used to correct each event's <c>timestamp</c>.</summary>
internal sealed record TrackBatchRequest(string WriteKey, DateTimeOffset? SentAt, IReadOnlyList<TrackEventRequest> Events) : IHasExample<TrackBatchRequest>
{
    public static TrackBatchRequest Example => new("omni_wk_0123456789abcdef0123456789abcdef", DateTimeOffset.Parse("2026-11-21T10:00:01Z"),
        [TrackEventRequest.Example, TrackEventRequest.Example with { EventId = "5a1c0c6e-1f0e-4a53-9b76-2f4f5e6d7c8b", Type = "track", Name = "AddToCart",
            Properties = JsonDocument.Parse("""{"sku":"SKU-1","value":99.9,"currency":"BRL"}""").RootElement }]);
}

/// <summary>One event. <c>type</c>: <c>page</c> (name defaults to PageView), <c>track</c> (name required) or
/// <c>identify</c> (with <c>traits</c>: email, phone, external_id, name). <c>event_id</c>: the client's id for
/// the event, shared with the browser pixel; a retry with the same id stores nothing. <c>context</c>: url,
/// path, referrer, title, utm_source/medium/campaign/term/content, fbc, fbp, locale, screen.</summary>
internal sealed record TrackEventRequest(
    string? EventId,
    string? Type,
    string? Name,
    string? AnonymousId,
    JsonElement? Properties,
    JsonElement? Traits,
    JsonElement? Context,
    DateTimeOffset? Timestamp) : IHasExample<TrackEventRequest>
{
    public static TrackEventRequest Example => new("0f8fad5b-d9cb-469f-a165-70867728950e", "page", "PageView", "3f2c6d0e-8a2b-4f57-9a4e-1b2c3d4e5f60",
        JsonDocument.Parse("{}").RootElement, null,
        JsonDocument.Parse("""{"url":"https://shop.example.com/?utm_source=ig","referrer":"https://instagram.com/","utm_source":"ig","fbp":"fb.1.1732170000000.1098115397"}""").RootElement,
        DateTimeOffset.Parse("2026-11-21T10:00:00Z"));
}

/// <summary>The GA4 Measurement Protocol payload a GTM server container forwards to <c>POST /webhooks/gtm</c>.</summary>
internal sealed record GtmPayload(string? ClientId, string? UserId, long? TimestampMicros, IReadOnlyList<GtmEvent> Events) : IHasExample<GtmPayload>
{
    public static GtmPayload Example => new("1234567890.1732170000", null, 1732170000000000,
        [new GtmEvent("page_view", JsonDocument.Parse("""{"page_location":"https://shop.example.com/","event_id":"0f8fad5b-d9cb-469f-a165-70867728950e"}""").RootElement)]);
}

internal sealed record GtmEvent(string Name, JsonElement? Params);
