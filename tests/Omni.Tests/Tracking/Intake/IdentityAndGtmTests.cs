using System.Net;
using System.Net.Http.Json;
using System.Text;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Tracking.Intake;

/// <summary>An identify turns a visitor into a contact (earlier events join the contact's history); a GTM
/// server container's GA4 payloads land in the same store, once, by the source's secret.</summary>
public sealed class IdentityAndGtmTests
{
    [Fact]
    public async Task Identify_makes_the_visitor_a_contact_and_their_earlier_and_later_events_follow()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        object Batch(params object[] events) => new { write_key = source.WriteKey, events };
        await api.PostTrackAsync("batch", Batch(IntakeKit.Event("PageView", type: "page", anonymousId: "visitor-1"), IntakeKit.Event("AddToCart", anonymousId: "visitor-1")));

        var identify = await api.PostTrackAsync("identify", new
        {
            write_key = source.WriteKey, event_id = Guid.NewGuid().ToString(), anonymous_id = "visitor-1",
            traits = new { email = "Maria@Example.com", name = "Maria Silva" },
        });
        await api.PostTrackAsync("batch", Batch(IntakeKit.Event("Purchase", anonymousId: "visitor-1")));

        Assert.Equal(HttpStatusCode.OK, identify.StatusCode);
        var contacts = await api.Database.AdminQueryAsync("select distinct contact_id from tracking.events where org_id = $1", r => r.IsDBNull(0) ? (Guid?)null : r.GetGuid(0), source.OrgId);
        var contact = Assert.Single(contacts);
        Assert.NotNull(contact);
        using var client = api.Client(source.Owner.Token, source.OrgId);
        var person = await (await client.GetAsync($"/api/v1/contacts/{contact}")).ReadJsonAsync();
        Assert.Equal(("Maria Silva", "maria@example.com"), (person.GetProperty("name").GetString(), person.GetProperty("email").GetString()));
        Assert.Equal(4, await api.CountEventsAsync(source.OrgId));
    }

    [Fact]
    public async Task A_visitor_who_identifies_with_another_external_id_is_never_merged_into_the_first_contact()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        async Task IdentifyAsync(string externalId) => Assert.Equal(HttpStatusCode.OK, (await api.PostTrackAsync("identify", new
        {
            write_key = source.WriteKey, anonymous_id = "shared-laptop", traits = new { external_id = externalId },
        })).StatusCode);
        object Batch(string name) => new { write_key = source.WriteKey, events = new[] { IntakeKit.Event(name, anonymousId: "shared-laptop") } };

        await IdentifyAsync("customer-1");
        await api.PostTrackAsync("batch", Batch("FirstPersonsEvent"));
        await IdentifyAsync("customer-2");
        await api.PostTrackAsync("batch", Batch("SecondPersonsEvent"));

        var owners = await api.Database.AdminQueryAsync(
            "select name, contact_id from tracking.events where org_id = $1 and type = 'track' order by name", r => (r.GetString(0), r.GetGuid(1)), source.OrgId);
        Assert.NotEqual(owners[0].Item2, owners[1].Item2);
        using var client = api.Client(source.Owner.Token, source.OrgId);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/contacts/{owners[0].Item2}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/contacts/{owners[1].Item2}")).StatusCode);
    }

    [Fact]
    public async Task Identify_without_any_trait_to_match_on_is_a_400()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();

        var response = await api.PostTrackAsync("identify", new { write_key = source.WriteKey, anonymous_id = "v", traits = new { name = "No Way To Find Me" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await api.CountEventsAsync(source.OrgId));
    }

    [Fact]
    public async Task Gtm_payloads_are_stored_once_by_the_sources_secret_and_user_id_identifies_the_visitor()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        var payload = $$$"""
            {"client_id":"1234567890.1732170000","user_id":"crm-42","timestamp_micros":{{{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds() * 1000}}},
             "events":[{"name":"page_view","params":{"page_location":"https://shop.example.com/","page_title":"Shop","campaign_source":"newsletter"}},
                       {"name":"purchase","params":{"event_id":"order-1042","value":149.9,"currency":"BRL","ip_override":"203.0.113.7"}}]}
            """;
        async Task<HttpResponseMessage> PostAsync(string? secret)
        {
            using var client = new HttpClient { BaseAddress = api.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/gtm") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
            if (secret is not null) request.Headers.Add("X-Gtm-Secret", secret);
            return await client.SendAsync(request);
        }

        var missing = await PostAsync(null);
        var wrong = await PostAsync("omni_gtm_" + new string('0', 64));
        var first = await PostAsync(source.GtmSecret);
        var resent = await PostAsync(source.GtmSecret);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (missing.StatusCode, wrong.StatusCode));
        Assert.Equal(3, (await first.ReadJsonAsync()).GetProperty("accepted").GetInt32());
        Assert.Equal(3, (await resent.ReadJsonAsync()).GetProperty("duplicates").GetInt32());
        var rows = await api.Database.AdminQueryAsync("""
            select type, name, event_id, anonymous_id, coalesce(context->>'utm_source', '-'), coalesce(host(ip), '-'), contact_id is not null
            from tracking.events where org_id = $1 order by type, name
            """, r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetBoolean(6)), source.OrgId);
        Assert.Equal(3, rows.Count);
        Assert.Equal(("page", "PageView", "newsletter"), (rows[1].Item1, rows[1].Item2, rows[1].Item5));
        Assert.Equal(("track", "purchase", "order-1042", "203.0.113.7"), (rows[2].Item1, rows[2].Item2, rows[2].Item3, rows[2].Item6));
        Assert.All(rows, r => Assert.Equal(("1234567890.1732170000", true), (r.Item4, r.Item7)));
    }

    [Fact]
    public async Task Tracked_history_follows_a_contact_merge_and_goes_with_a_deleted_contact()
    {
        var api = await TestApi.Shared;
        var source = await api.NewSourceAsync();
        using var client = api.Client(source.Owner.Token, source.OrgId);
        async Task<Guid> IdentifiedVisitorAsync(string visitor, string email)
        {
            await api.PostTrackAsync("batch", new { write_key = source.WriteKey, events = new[] { IntakeKit.Event("Seen", anonymousId: visitor) } });
            await api.PostTrackAsync("identify", new { write_key = source.WriteKey, anonymous_id = visitor, traits = new { email } });
            return await api.Database.AdminScalarAsync<Guid>("select contact_id from tracking.identities where anonymous_id = $1 and org_id = $2", visitor, source.OrgId);
        }
        var kept = await IdentifiedVisitorAsync("laptop", "ana@example.com");
        var merged = await IdentifiedVisitorAsync("phone", "ana.work@example.com");
        var deleted = await IdentifiedVisitorAsync("tablet", "gone@example.com");

        (await client.PostAsJsonAsync($"/api/v1/contacts/{kept}/merge", new { source_contact_id = merged })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/contacts/{deleted}")).StatusCode);

        await Eventually.HoldsAsync(async () =>
            await api.Database.AdminScalarAsync<long>("select count(*) from tracking.events where org_id = $1 and contact_id = $2", source.OrgId, kept) == 4
            && await api.Database.AdminScalarAsync<long>("select count(*) from tracking.events where org_id = $1 and anonymous_id = 'tablet'", source.OrgId) == 0,
            () => Task.FromResult("history to follow the merge and the deletion"));
        Assert.Equal(0, await api.Database.AdminScalarAsync<long>("select count(*) from tracking.identities where contact_id in ($1, $2)", merged, deleted));
    }
}
