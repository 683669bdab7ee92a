using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Omni.Tests.Contacts;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Ingest;

/// <summary>Managing ingest connections: the secret is shown once and stored only as a hash, connection ids
/// are unique across orgs, a connection lands its history in its own receive-only channel, and only owners
/// and admins manage connections.</summary>
public sealed class IngestConnectionsTests
{
    [Fact]
    public async Task Creating_a_connection_returns_its_secret_once_and_stores_only_its_hash()
    {
        // Given an org owner
        var api = await TestApi.Shared;
        var (owner, orgId) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, orgId);

        // When they create a WhatsApp connection without choosing an id
        var response = await client.PostAsJsonAsync(IngestKit.Connections, new { platform = "whatsapp", name = "WA history" });
        var created = await response.ReadJsonAsync();

        // Then it is 201 with a generated id, the secret, and the receive-only channel the history will land in
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var secret = created.GetProperty("api_secret").GetString()!;
        var connectionId = created.GetProperty("connection_id").GetString()!;
        Assert.StartsWith("omni_is_", secret, StringComparison.Ordinal);
        Assert.StartsWith("whatsapp_", connectionId, StringComparison.Ordinal);
        Assert.Equal(secret[..12], created.GetProperty("api_secret_prefix").GetString());
        Assert.True(created.GetProperty("is_active").GetBoolean());
        Assert.Equal(("whatsapp", "WA history"), (created.GetProperty("platform").GetString(), created.GetProperty("name").GetString()));
        Assert.Equal($"/api/v1/messaging/connections/{created.GetProperty("id")}", response.Headers.Location?.ToString());

        var channel = await (await client.GetAsync($"/api/v1/channels/{created.GetProperty("channel_id")}")).ReadJsonAsync();
        Assert.Equal(("whatsapp", true, "WA history"), (channel.GetProperty("type").GetString(), channel.GetProperty("ingest_only").GetBoolean(), channel.GetProperty("name").GetString()));

        // And the database holds the secret's SHA-256, never the secret
        var stored = await api.Database.AdminScalarAsync<byte[]>("select api_secret_hash from messaging.ingest_connections where connection_id = $1", connectionId);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), stored);
        var row = await api.Database.AdminScalarAsync<string>("select to_jsonb(c)::text from messaging.ingest_connections c where connection_id = $1", connectionId);
        Assert.DoesNotContain(secret[12..], row, StringComparison.Ordinal);

        // And reading it back never shows the secret
        var read = await client.GetAsync($"{IngestKit.Connections}/{created.GetProperty("id")}");
        var list = await client.GetAsync(IngestKit.Connections);
        foreach (var text in new[] { await read.Content.ReadAsStringAsync(), await list.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain("api_secret\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[12..], text, StringComparison.Ordinal);
        }
        Assert.Equal(connectionId, (await read.ReadJsonAsync()).GetProperty("connection_id").GetString());
        Assert.Equal(connectionId, (await list.ReadJsonAsync()).GetProperty("items")[0].GetProperty("connection_id").GetString());
    }

    [Fact]
    public async Task A_connection_id_chosen_by_the_caller_is_kept_and_cannot_be_taken_again_by_any_org()
    {
        // Given org A created a connection with a chosen id
        var api = await TestApi.Shared;
        var (ownerA, orgA) = await api.NewOrgAsync("A");
        var (ownerB, orgB) = await api.NewOrgAsync("B");
        using var asA = api.Client(ownerA.Token, orgA);
        using var asB = api.Client(ownerB.Token, orgB);
        var chosen = $"tg_bot_{Guid.NewGuid():N}";
        var first = await asA.CreateConnectionAsync(orgA, "telegram", chosen);
        Assert.Equal(chosen, first.ConnectionId);
        var channelsOfB = await api.CountAsync("select count(*) from channels.channels where org_id = $1", orgB);

        // When A again, and then B, ask for the same id
        var againA = await asA.PostAsJsonAsync(IngestKit.Connections, new { platform = "telegram", name = "again", connection_id = chosen });
        var byB = await asB.PostAsJsonAsync(IngestKit.Connections, new { platform = "whatsapp", name = "mine", connection_id = chosen });

        // Then both are 409 and B got no half-made channel
        await againA.AssertProblemAsync(HttpStatusCode.Conflict, "connection_id_taken");
        await byB.AssertProblemAsync(HttpStatusCode.Conflict, "connection_id_taken");
        Assert.Equal(channelsOfB, await api.CountAsync("select count(*) from channels.channels where org_id = $1", orgB));
    }

    [Theory]
    [InlineData("""{"platform":"instagram","name":"x"}""", "platform")]
    [InlineData("""{"platform":"whatsapp","name":""}""", "name")]
    [InlineData("""{"platform":"whatsapp","name":"x","connection_id":"has space"}""", "connection_id")]
    [InlineData("""{"platform":"whatsapp","name":"x","connection_id":""}""", "connection_id")]
    public async Task An_invalid_connection_is_refused_naming_the_field(string body, string field)
    {
        var api = await TestApi.Shared;
        var (owner, orgId) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, orgId);

        var response = await client.PostRawAsync(IngestKit.Connections, body);

        await response.AssertInvalidFieldAsync(field);
    }

    [Fact]
    public async Task Switching_a_connection_off_and_on_and_renaming_it_takes_effect_for_the_syncer()
    {
        // Given a connection that ingests fine
        var api = await TestApi.Shared;
        var (client, connection) = await api.NewConnectionAsync("signal");
        var conversation = IngestKit.Conversation("t1", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z"));
        await api.IngestAsync(connection, conversation).OkAsync();

        // When it is switched off
        var off = await client.PatchAsJsonAsync($"{IngestKit.Connections}/{connection.Id}", new { is_active = false });
        Assert.False((await off.ReadJsonAsync()).GetProperty("is_active").GetBoolean());

        // Then the syncer is refused with the contract's 403
        await (await api.IngestAsync(connection, conversation)).AssertContractErrorAsync(HttpStatusCode.Forbidden, "Connection is inactive");

        // And when it is renamed and switched on again, the syncer is served
        var on = await client.PatchAsJsonAsync($"{IngestKit.Connections}/{connection.Id}", new { is_active = true, name = "Signal (Ana)" });
        var body = await on.ReadJsonAsync();
        Assert.Equal((true, "Signal (Ana)"), (body.GetProperty("is_active").GetBoolean(), body.GetProperty("name").GetString()));
        Assert.Equal("no_new_messages", (await api.IngestAsync(connection, conversation).OkAsync()).Status(0));
    }

    [Fact]
    public async Task Rotating_the_secret_shows_a_new_one_once_and_the_old_one_stops_working()
    {
        var api = await TestApi.Shared;
        var (client, connection) = await api.NewConnectionAsync("wechat");

        var rotated = await (await client.PostAsync($"{IngestKit.Connections}/{connection.Id}/rotate-secret", null)).ReadJsonAsync();
        var newSecret = rotated.GetProperty("api_secret").GetString()!;

        Assert.NotEqual(connection.Secret, newSecret);
        Assert.Equal(newSecret[..12], rotated.GetProperty("api_secret_prefix").GetString());
        var conversation = IngestKit.Conversation("w1", "wxid_abc", IngestKit.Text("m1", "2026-02-01T10:00:00Z"));
        await (await api.IngestAsync(connection, conversation)).AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Invalid API key");
        Assert.Equal("created", (await api.IngestAsync(connection with { Secret = newSecret }, conversation).OkAsync()).Status(0));
    }

    [Fact]
    public async Task Only_owners_and_admins_manage_connections_while_every_member_can_list_them()
    {
        // Given a connection, an agent and a viewer of its org
        var api = await TestApi.Shared;
        var (owner, orgId) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token, orgId);
        var connection = await asOwner.CreateConnectionAsync(orgId, "whatsapp");
        var agent = Actors.NewUser();
        var viewer = Actors.NewUser();
        var admin = Actors.NewUser();
        await api.AddMemberAsync(owner, orgId, agent, "agent");
        await api.AddMemberAsync(owner, orgId, viewer, "viewer");
        await api.AddMemberAsync(owner, orgId, admin, "admin");

        foreach (var member in new[] { agent, viewer })
        {
            using var client = api.Client(member.Token, orgId);
            // Then they read the list
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(IngestKit.Connections)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{IngestKit.Connections}/{connection.Id}")).StatusCode);
            // But cannot create, change or rotate
            await (await client.PostAsJsonAsync(IngestKit.Connections, new { platform = "whatsapp", name = "x" }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
            await (await client.PatchAsJsonAsync($"{IngestKit.Connections}/{connection.Id}", new { is_active = false }))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
            await (await client.PostAsync($"{IngestKit.Connections}/{connection.Id}/rotate-secret", null))
                .AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient_permission");
        }
        using var asAdmin = api.Client(admin.Token, orgId);
        Assert.Equal(HttpStatusCode.Created, (await asAdmin.PostAsJsonAsync(IngestKit.Connections, new { platform = "telegram", name = "x" })).StatusCode);
        Assert.True(await api.Database.AdminScalarAsync<bool>("select is_active from messaging.ingest_connections where id = $1", connection.Id));
    }

    [Fact]
    public async Task The_connection_list_pages_newest_first_and_filters_by_platform()
    {
        var api = await TestApi.Shared;
        var (owner, orgId) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, orgId);
        var made = new List<TestConnection>();
        foreach (var platform in new[] { "whatsapp", "telegram", "whatsapp" }) made.Add(await client.CreateConnectionAsync(orgId, platform));

        var first = await (await client.GetAsync($"{IngestKit.Connections}?limit=2")).ReadJsonAsync();
        var second = await (await client.GetAsync($"{IngestKit.Connections}?limit=2&cursor={first.GetProperty("next_cursor").GetString()}")).ReadJsonAsync();
        var whatsapp = await (await client.GetAsync($"{IngestKit.Connections}?platform=whatsapp")).ReadJsonAsync();

        Assert.Equal(new[] { made[2].Id, made[1].Id }, first.Ids());
        Assert.Equal(new[] { made[0].Id }, second.Ids());
        Assert.Equal(JsonValueKindNull, second.GetProperty("next_cursor").ValueKind);
        Assert.Equal(new[] { made[2].Id, made[0].Id }, whatsapp.Ids());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
