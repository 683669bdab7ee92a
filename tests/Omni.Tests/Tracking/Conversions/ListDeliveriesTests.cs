using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Conversions;

/// <summary><c>GET /api/v1/tracking/deliveries</c>: what became of each forwarded event, filtered and paged,
/// within the caller's org only.</summary>
public sealed class ListDeliveriesTests(CapiKit kit) : IClassFixture<CapiKit>
{
    [Fact]
    public async Task Deliveries_are_listed_newest_first_with_their_outcome_filtered_and_paged()
    {
        // Given one event sent and one failed for its age
        var site = await kit.NewSiteAsync();
        await site.EnqueueAsync(await site.TrackAsync("evt-ok"));
        await site.EnqueueAsync(await site.TrackAsync("evt-old", at: DateTimeOffset.UtcNow.AddDays(-9)));
        await site.SettledAsync();

        // When the owner lists them
        var all = await ListAsync(site.Client, $"source_id={site.SourceId}");
        var failed = await ListAsync(site.Client, "status=failed");
        var byEvent = await ListAsync(site.Client, "event_id=evt-ok");
        var first = await ListAsync(site.Client, "limit=1");
        var second = await ListAsync(site.Client, $"limit=1&cursor={first.GetProperty("next_cursor").GetString()}");

        // Then each shows its status, attempts, error and Meta's trace id
        Assert.Equal(["evt-old", "evt-ok"], Ids(all));
        var old = Assert.Single(failed.GetProperty("items").EnumerateArray());
        Assert.Equal(("failed", "too_old", 0), (old.GetProperty("status").GetString(), old.GetProperty("error_code").GetString(), old.GetProperty("attempts").GetInt32()));
        Assert.Contains("7 days", old.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        var ok = Assert.Single(byEvent.GetProperty("items").EnumerateArray());
        Assert.Equal(("sent", 1, "PageView"), (ok.GetProperty("status").GetString(), ok.GetProperty("attempts").GetInt32(), ok.GetProperty("event_name").GetString()));
        Assert.False(string.IsNullOrEmpty(ok.GetProperty("fbtrace_id").GetString()));
        Assert.Equal(["evt-old"], Ids(first));
        Assert.Equal(["evt-ok"], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);
        Assert.False(ok.TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task Another_org_sees_none_of_an_orgs_deliveries()
    {
        // Given org A has a delivery
        var a = await kit.NewSiteAsync();
        await a.EnqueueAsync(await a.TrackAsync("evt-a"));
        await a.SettledAsync();

        // When the owner of org B lists deliveries, even naming A's source
        var (ownerB, orgB) = await kit.Api.NewOrgAsync("B");
        using var b = kit.Api.Client(ownerB.Token, orgB);
        var mine = await ListAsync(b, "");
        var theirs = await ListAsync(b, $"source_id={a.SourceId}");

        // Then B sees nothing, and A sees its own
        Assert.Empty(Ids(mine));
        Assert.Empty(Ids(theirs));
        Assert.Equal(["evt-a"], Ids(await ListAsync(a.Client, "")));
    }

    [Fact]
    public async Task An_unknown_status_is_a_validation_error()
    {
        var site = await kit.NewSiteAsync();

        var response = await site.Client.GetAsync("/api/v1/tracking/deliveries?status=lost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await response.ReadJsonAsync()).GetProperty("code").GetString());
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/tracking/deliveries?{query}");
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static List<string?> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event_id").GetString())];
}
