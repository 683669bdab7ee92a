using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking;

/// <summary>An org with a tracking source, and events seeded with SQL (as intake would store them).</summary>
public sealed record TrackingOrg(TestApi Api, TestUser Owner, Guid OrgId, Guid SourceId, HttpClient Client)
{
    /// <summary>Stores an event; <paramref name="daysAgo"/> back from now.</summary>
    public Task EventAsync(Guid? contactId, string name, double daysAgo = 1, string type = "track", string? url = null,
        string properties = "{}", string? anonymousId = null, string context = "{}") =>
        Api.Database.AdminExecAsync("""
            insert into tracking.events (id, org_id, source_id, event_id, type, name, anonymous_id, contact_id, properties, context, url, occurred_at)
            values (gen_random_uuid(), $1, $2, gen_random_uuid()::text, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, now() - make_interval(secs => $10))
            """, OrgId, SourceId, type, name, (object?)anonymousId ?? DBNull.Value, (object?)contactId ?? DBNull.Value, properties, context,
            (object?)url ?? DBNull.Value, daysAgo * 86400);

    public Task PageAsync(Guid? contactId, string url, double daysAgo = 1, string? anonymousId = null) =>
        EventAsync(contactId, "Page View", daysAgo, "page", url, anonymousId: anonymousId);

    public async Task<JsonElement> PostOkAsync(string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.PostAsJsonAsync(url, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"POST {url}: {(int)response.StatusCode} {json}");
        return json;
    }

    public async Task<JsonElement> GetOkAsync(string url)
    {
        var response = await Client.GetAsync(url);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {json}");
        return json;
    }
}

public static class TrackingKit
{
    public static async Task<TrackingOrg> NewTrackingOrgAsync(this TestApi api)
    {
        var (owner, org) = await api.NewOrgAsync();
        var client = api.Client(owner.Token, org);
        var response = await client.PostAsJsonAsync("/api/v1/tracking/sources", new { name = "Shop" });
        var source = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
        return new TrackingOrg(api, owner, org, source, client);
    }

    public static Guid[] ContactIds(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("contact_id").GetGuid()).ToArray();

    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }
}
