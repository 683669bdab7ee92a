using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Intake;

/// <summary>A tracking source of a new org, and intake calls as a page or a server makes them.</summary>
public sealed record TrackingSource(TestUser Owner, Guid OrgId, Guid Id, string WriteKey, string? GtmSecret);

public static class IntakeKit
{
    public const string Origin = "https://shop.example.com";

    public static async Task<TrackingSource> NewSourceAsync(this TestApi api, object? settings = null)
    {
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var body = settings ?? new { name = "Shop", allowed_origins = new[] { Origin }, enable_gtm = true };
        var response = await client.PostAsJsonAsync("/api/v1/tracking/sources", body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return new TrackingSource(owner, org, json.GetProperty("id").GetGuid(), json.GetProperty("write_key").GetString()!,
            json.TryGetProperty("gtm_secret", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null);
    }

    public static object Event(string name = "AddToCart", string? eventId = null, string anonymousId = "anon-1", string type = "track",
        object? properties = null, object? context = null, string? timestamp = null) => new Dictionary<string, object?>
    {
        ["event_id"] = eventId ?? Guid.NewGuid().ToString(),
        ["type"] = type,
        ["name"] = name,
        ["anonymous_id"] = anonymousId,
        ["properties"] = properties ?? new { sku = "SKU-1" },
        ["context"] = context ?? new { url = "https://shop.example.com/p/1", utm_source = "ig", fbp = "fb.1.1732170000000.1098115397" },
        ["timestamp"] = timestamp,
    };

    public static async Task<HttpResponseMessage> PostTrackAsync(this TestApi api, string route, object body, string? origin = Origin,
        string contentType = "text/plain", string? userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36")
    {
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/track/{route}")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, contentType),
        };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (userAgent is not null) request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await client.SendAsync(request);
    }

    public static Task<long> CountEventsAsync(this TestApi api, Guid orgId) =>
        api.Database.AdminScalarAsync<long>("select count(*) from tracking.events where org_id = $1", orgId);
}
