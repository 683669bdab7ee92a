using System.Globalization;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Ingest;

/// <summary>The four examples of shared/seeds/messaging-ingest.md, sent as the seed writes them (its
/// connection ids, its JSON; examples 3 and 4 as fetch/JSON.stringify and requests/json.dumps serialize
/// them), each answered as the contract documents. Runs on its own database, where the seed's connection
/// ids are free.</summary>
public sealed class SeedExamplesTests(SeedExamplesTests.Fixture fixture) : IClassFixture<SeedExamplesTests.Fixture>
{
    private readonly TestApi _api = fixture.Api;
    private readonly HttpClient _owner = fixture.Owner;
    private readonly Guid _org = fixture.OrgId;

    /// <summary>One API on its own database for the examples; the seed's connection ids are freed first
    /// (a database kept between runs, with <c>OMNI_TEST_ADMIN_URL</c>, still holds last run's).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestApi Api { get; private set; } = null!;
        public HttpClient Owner { get; private set; } = null!;
        public Guid OrgId { get; private set; }

        public async Task InitializeAsync()
        {
            var db = await TestCluster.CreateDatabaseAsync("omni_ingest_examples");
            await db.AdminExecAsync("delete from messaging.ingest_connections where connection_id in ('wa_business_123', 'tg_bot_456', 'signal_123')");
            Api = await TestApi.StartAsync(db);
            var (owner, org) = await Api.NewOrgAsync("Seed examples");
            OrgId = org;
            Owner = Api.Client(owner.Token, org);
        }

        public async Task DisposeAsync()
        {
            Owner.Dispose();
            await Api.DisposeAsync();
        }
    }

    private const string Example1 = """
        {
            "platform": "whatsapp",
            "connection_id": "wa_business_123",
            "conversations": [
              {
                "external_conversation_id": "chat_abc123",
                "participant_identifier": "+1234567890",
                "participant_name": "John Doe",
                "messages": [
                  {
                    "id": "msg_001",
                    "direction": "inbound",
                    "type": "text",
                    "content": "Hi, I am interested in your product",
                    "sent_at": "2026-02-01T10:30:00Z"
                  },
                  {
                    "id": "msg_002",
                    "direction": "outbound",
                    "type": "text",
                    "content": "Hello! Thanks for reaching out. How can I help?",
                    "sent_at": "2026-02-01T10:32:00Z"
                  }
                ]
              }
            ]
          }
        """;

    private const string Example2 = """
        {
            "platform": "telegram",
            "connection_id": "tg_bot_456",
            "conversations": [
              {
                "external_conversation_id": "chat_user_1",
                "participant_identifier": "@johndoe",
                "participant_name": "John Doe",
                "messages": [
                  {
                    "id": "tg_msg_100",
                    "direction": "inbound",
                    "type": "image",
                    "content": "Product photo",
                    "media_url": "https://example.com/images/product.jpg",
                    "sent_at": "2026-02-01T14:00:00Z"
                  }
                ]
              },
              {
                "external_conversation_id": "chat_user_2",
                "participant_identifier": "@janedoe",
                "participant_name": "Jane Doe",
                "messages": [
                  {
                    "id": "tg_msg_200",
                    "direction": "inbound",
                    "type": "text",
                    "content": "When will my order arrive?",
                    "sent_at": "2026-02-01T15:30:00Z"
                  }
                ]
              }
            ]
          }
        """;

    /// <summary>Example 3's body as JSON.stringify writes it: <c>"msg_" + Date.now()</c>, <c>new Date().toISOString()</c>.</summary>
    private static string Example3(DateTimeOffset now) =>
        "{\"platform\":\"whatsapp\",\"connection_id\":\"wa_business_123\",\"conversations\":[{\"external_conversation_id\":\"chat_abc123\"," +
        "\"participant_identifier\":\"+1234567890\",\"participant_name\":\"John Doe\",\"messages\":[{\"id\":\"msg_" +
        now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\",\"direction\":\"inbound\",\"type\":\"text\",\"content\":\"Hello!\"," +
        "\"sent_at\":\"" + now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\"}]}]}";

    /// <summary>Example 4's body as requests' <c>json=</c> writes it (json.dumps separators), with
    /// <c>datetime.utcnow().isoformat() + "Z"</c> (microseconds).</summary>
    private static string Example4(DateTime utcNow) =>
        "{\"platform\": \"signal\", \"connection_id\": \"signal_123\", \"conversations\": [{\"external_conversation_id\": \"signal_chat_001\", " +
        "\"participant_identifier\": \"+1987654321\", \"participant_name\": \"Alice Smith\", \"messages\": [{\"id\": \"sig_msg_001\", " +
        "\"direction\": \"inbound\", \"type\": \"text\", \"content\": \"Can we schedule a call?\", \"sent_at\": \"" +
        utcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "Z\"}]}]}";

    [Fact]
    public async Task Example_1_creates_the_thread_with_both_messages_and_John_Doe_as_its_contact()
    {
        var connection = await _owner.CreateConnectionAsync(_org, "whatsapp", "wa_business_123");

        var body = await _api.IngestRawAsync(connection.Secret, Example1).OkAsync();

        IngestKit.AssertContractResponse(body, """
            {"success": true, "processed": 1, "results": [{"conversation_id": "chat_abc123", "messages_added": 2, "status": "created"}]}
            """);
        var conversation = await _api.ConversationRowAsync(body.InboxId(0));
        Assert.Equal(connection.ChannelId, conversation.GetProperty("channel_id").GetGuid());
        Assert.Equal("chat_abc123", conversation.GetProperty("external_id").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-02-01T10:32:00Z", CultureInfo.InvariantCulture), conversation.GetProperty("last_message_at").GetDateTimeOffset());
        Assert.Equal("Hello! Thanks for reaching out. How can I help?", conversation.GetProperty("last_message_preview").GetString());
        Assert.Equal(0, conversation.GetProperty("unread_count").GetInt32());

        var contactId = conversation.GetProperty("contact_id").GetGuid();
        var contact = await (await _owner.GetAsync($"/api/v1/contacts/{contactId}")).ReadJsonAsync();
        Assert.Equal("John Doe", contact.GetProperty("name").GetString());
        Assert.Contains(contact.GetProperty("identifiers").EnumerateArray(),
            i => i.GetProperty("type").GetString() == "whatsapp" && i.GetProperty("value").GetString() == "+1234567890");

        var messages = await _api.MessageRowsAsync(body.InboxId(0));
        Assert.Equal(new[] { "msg_001", "msg_002" }, messages.Select(m => m.GetProperty("external_id").GetString()));
        Assert.All(messages, m => Assert.True(m.GetProperty("imported").GetBoolean()));
        Assert.All(messages, m => Assert.Equal("sent", m.GetProperty("status").GetString()));
        Assert.Equal(("inbound", "contact", contactId.ToString()), (messages[0].GetProperty("direction").GetString(),
            messages[0].GetProperty("sender_type").GetString(), messages[0].GetProperty("sender_id").GetString()));
        Assert.Equal(("outbound", "agent", System.Text.Json.JsonValueKind.Null), (messages[1].GetProperty("direction").GetString(),
            messages[1].GetProperty("sender_type").GetString(), messages[1].GetProperty("sender_id").ValueKind));
        Assert.Equal("Hi, I am interested in your product", messages[0].GetProperty("content").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-02-01T10:30:00Z", CultureInfo.InvariantCulture), messages[0].GetProperty("sent_at").GetDateTimeOffset());

        // Example 3 (the same connection and thread, a new message) appends to it
        var now = DateTimeOffset.UtcNow;
        var third = await _api.IngestRawAsync(connection.Secret, Example3(now)).OkAsync();
        IngestKit.AssertContractResponse(third, """
            {"success": true, "processed": 1, "results": [{"conversation_id": "chat_abc123", "messages_added": 1, "status": "updated"}]}
            """);
        Assert.Equal(body.InboxId(0), third.InboxId(0));
        var afterThird = await _api.ConversationRowAsync(body.InboxId(0));
        Assert.Equal("Hello!", afterThird.GetProperty("last_message_preview").GetString());
        Assert.Equal(now.ToUnixTimeMilliseconds(), afterThird.GetProperty("last_message_at").GetDateTimeOffset().ToUnixTimeMilliseconds());

        // And sending example 1 again stores nothing twice
        var replay = await _api.IngestRawAsync(connection.Secret, Example1).OkAsync();
        IngestKit.AssertContractResponse(replay, """
            {"success": true, "processed": 1, "results": [{"conversation_id": "chat_abc123", "messages_added": 0, "status": "no_new_messages"}]}
            """);
        Assert.Equal(3, await _api.CountMessagesAsync(connection.ChannelId));
        Assert.Equal("Hello!", (await _api.ConversationRowAsync(body.InboxId(0))).GetProperty("last_message_preview").GetString());
    }

    [Fact]
    public async Task Example_2_creates_two_telegram_threads_and_keeps_the_photo_as_a_link_without_fetching_it()
    {
        var connection = await _owner.CreateConnectionAsync(_org, "telegram", "tg_bot_456");

        var body = await _api.IngestRawAsync(connection.Secret, Example2).OkAsync();

        IngestKit.AssertContractResponse(body, """
            {"success": true, "processed": 2, "results": [
              {"conversation_id": "chat_user_1", "messages_added": 1, "status": "created"},
              {"conversation_id": "chat_user_2", "messages_added": 1, "status": "created"}]}
            """);
        var photo = (await _api.MessageRowsAsync(body.InboxId(0))).Single();
        Assert.Equal(("image", "Product photo"), (photo.GetProperty("type").GetString(), photo.GetProperty("content").GetString()));
        Assert.Equal("[image] Product photo", (await _api.ConversationRowAsync(body.InboxId(0))).GetProperty("last_message_preview").GetString());
        var attachment = await _api.Database.AdminScalarAsync<string>(
            "select kind || ' ' || status || ' ' || source_ref from messaging.attachments where message_id = $1", photo.GetProperty("id").GetGuid());
        Assert.Equal("image linked https://example.com/images/product.jpg", attachment);
        // Nothing queued for the org: no media fetch, no events for automations
        Assert.Equal(0, await _api.CountAsync("select count(*) from omni.jobs where org_id = $1", _org));

        var john = (await _api.ConversationRowAsync(body.InboxId(0))).GetProperty("contact_id").GetGuid();
        var jane = (await _api.ConversationRowAsync(body.InboxId(1))).GetProperty("contact_id").GetGuid();
        Assert.NotEqual(john, jane);
        var janeContact = await (await _owner.GetAsync($"/api/v1/contacts/{jane}")).ReadJsonAsync();
        Assert.Equal("Jane Doe", janeContact.GetProperty("name").GetString());
        Assert.Contains(janeContact.GetProperty("identifiers").EnumerateArray(),
            i => i.GetProperty("type").GetString() == "telegram" && i.GetProperty("value").GetString() == "@janedoe");
    }

    [Fact]
    public async Task Example_4_the_python_client_with_microsecond_timestamps_creates_the_signal_thread()
    {
        var connection = await _owner.CreateConnectionAsync(_org, "signal", "signal_123");
        var utcNow = DateTime.UtcNow;

        var body = await _api.IngestRawAsync(connection.Secret, Example4(utcNow)).OkAsync();

        IngestKit.AssertContractResponse(body, """
            {"success": true, "processed": 1, "results": [{"conversation_id": "signal_chat_001", "messages_added": 1, "status": "created"}]}
            """);
        var message = (await _api.MessageRowsAsync(body.InboxId(0))).Single();
        var microseconds = new DateTimeOffset(utcNow.Ticks - utcNow.Ticks % 10, TimeSpan.Zero);
        Assert.Equal(microseconds, message.GetProperty("sent_at").GetDateTimeOffset());
        var contact = (await _api.ConversationRowAsync(body.InboxId(0))).GetProperty("contact_id").GetGuid();
        Assert.Equal("Alice Smith", (await (await _owner.GetAsync($"/api/v1/contacts/{contact}")).ReadJsonAsync()).GetProperty("name").GetString());
    }
}
