using System.Net;
using System.Text.Json;
using Omni.Platform.Database;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Ingest;

/// <summary>A connection's secret writes into its own org and nowhere else; a request carries up to the
/// documented number of messages and no more.</summary>
public sealed class IngestTenancyAndVolumeTests
{
    [Fact]
    public async Task An_orgs_secret_cannot_write_into_another_orgs_connection()
    {
        // Given connections in org A and org B
        var api = await TestApi.Shared;
        var (_, ofA) = await api.NewConnectionAsync("whatsapp");
        var (_, ofB) = await api.NewConnectionAsync("whatsapp");

        // When A's secret is presented with B's connection id
        var response = await api.IngestAsync(ofB with { Secret = ofA.Secret },
            IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z")));

        // Then it is refused as a wrong key and B's inbox is untouched
        await response.AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Invalid API key");
        Assert.Equal(0, await api.CountAsync("select count(*) from messaging.conversations where org_id = $1", ofB.OrgId));
        Assert.Equal(0, await api.CountAsync("select count(*) from messaging.conversations where org_id = $1", ofA.OrgId));
    }

    [Fact]
    public async Task Ingested_rows_land_in_the_connections_org_only_and_the_same_ids_in_two_orgs_are_two_histories()
    {
        // Given two orgs whose syncers use the same thread and message ids
        var api = await TestApi.Shared;
        var (ownerA, ofA) = await api.NewConnectionAsync("whatsapp");
        var (ownerB, ofB) = await api.NewConnectionAsync("whatsapp");
        var thread = IngestKit.Conversation("chat_1", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z"),
            new { id = "m2", direction = "inbound", type = "image", content = "pic", media_url = "https://cdn.example.com/p.jpg", sent_at = "2026-02-01T10:01:00Z" });

        // When both ingest
        var a = await api.IngestAsync(ofA, thread).OkAsync();
        var b = await api.IngestAsync(ofB, thread).OkAsync();

        // Then each org has its own thread, contact and messages
        Assert.Equal(("created", 2, "created", 2), (a.Status(0), a.Added(0), b.Status(0), b.Added(0)));
        Assert.NotEqual(a.InboxId(0), b.InboxId(0));
        foreach (var (connection, other) in new[] { (ofA, ofB), (ofB, ofA) })
        {
            foreach (var table in new[] { "messaging.conversations", "messaging.messages", "messaging.contact_inboxes", "messaging.attachments" })
            {
                var rows = await api.CountAsync($"select count(*) from {table} where org_id = $1", connection.OrgId);
                Assert.True(rows > 0, $"{table} has no row of the ingesting org");
            }
            Assert.Equal(0, await api.CountAsync(
                "select count(*) from messaging.messages where channel_id = $1 and org_id <> $2", connection.ChannelId, connection.OrgId));
            Assert.Equal(0, await api.CountAsync(
                "select count(*) from messaging.conversations c join contacts.contacts k on k.id = c.contact_id where c.channel_id = $1 and k.org_id <> $2",
                connection.ChannelId, connection.OrgId));
            // And the other org's system identity sees none of them
            var seen = await DbAs.RunAsync(api.Database, SessionIdentity.System(other.OrgId, "test"),
                s => DbAs.CountAsync(s, "select count(*) from messaging.messages where channel_id = $1", connection.ChannelId));
            Assert.Equal(0, seen);
        }
        using var asB = ownerB;
        var contactsOfB = await (await asB.GetAsync("/api/v1/contacts")).ReadJsonAsync();
        Assert.Single(contactsOfB.GetProperty("items").EnumerateArray());
        ownerA.Dispose();
    }

    [Fact]
    public async Task Five_thousand_messages_in_one_request_are_all_stored()
    {
        // Given 5,000 messages over 50 threads
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync("telegram");
        var threads = Enumerable.Range(0, 50).Select(t => IngestKit.Conversation($"thread_{t}", $"@user_{t:00000}",
            Enumerable.Range(0, 100).Select(m => IngestKit.Text($"{t}-{m}", DateTimeOffset.Parse("2026-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddMinutes(m).ToString("O"), $"message {m} of thread {t}")).ToArray())).ToArray();

        var body = await api.IngestAsync(connection, threads).OkAsync();

        Assert.Equal(50, body.GetProperty("processed").GetInt32());
        Assert.All(Enumerable.Range(0, 50), t => Assert.Equal(("created", 100), (body.Status(t), body.Added(t))));
        Assert.Equal(5_000, await api.CountMessagesAsync(connection.ChannelId));
    }

    [Fact]
    public async Task More_than_five_thousand_messages_or_conversations_in_one_request_is_413_and_nothing_is_stored()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync("whatsapp");
        var tooManyMessages = Enumerable.Range(0, 41).Select(t => IngestKit.Conversation($"t{t}", $"+1555{t:0000000}",
            Enumerable.Range(0, t == 40 ? 1 : 125).Select(m => IngestKit.Text($"{t}-{m}", "2026-02-01T10:00:00Z")).ToArray())).ToArray();
        var tooManyThreads = Enumerable.Range(0, 5_001).Select(t => IngestKit.Conversation($"t{t}", $"+1555{t:0000000}")).ToArray();
        Assert.Equal(5_001, JsonSerializer.Serialize(tooManyMessages).Split("\"sent_at\"").Length - 1);

        foreach (var conversations in new[] { tooManyMessages, tooManyThreads })
        {
            var response = await api.IngestAsync(connection, conversations);
            await response.AssertContractErrorAsync(HttpStatusCode.RequestEntityTooLarge,
                "Too many messages or conversations in one request: at most 5000 messages and 5000 conversations (100-500 messages per request recommended)");
        }
        Assert.Equal(0, await api.CountAsync("select count(*) from messaging.conversations where channel_id = $1", connection.ChannelId));
    }
}
