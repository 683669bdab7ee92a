using System.Globalization;
using System.Text.Json;
using Omni.Tests.Contacts;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Ingest;

/// <summary>What an accepted request does: messages stored once per connection (across requests and within
/// one), threads upserted by their external id, contacts matched by the contract's phone rule, one bad
/// conversation reported without failing the others, history that never disturbs the inbox.</summary>
public sealed class IngestProcessingTests
{
    [Fact]
    public async Task Replaying_a_request_stores_nothing_twice_and_answers_no_new_messages()
    {
        // Given a thread ingested once
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();
        var thread = IngestKit.Conversation("chat_1", "+15550001111",
            IngestKit.Text("m1", "2026-02-01T10:00:00Z"), IngestKit.Text("m2", "2026-02-01T10:01:00Z"));
        var first = await api.IngestAsync(connection, thread).OkAsync();

        // When the syncer sends the same request again
        var replay = await api.IngestAsync(connection, thread).OkAsync();

        // Then nothing new is stored and the thread is reported unchanged
        Assert.Equal(("created", 2), (first.Status(0), first.Added(0)));
        IngestKit.AssertContractResponse(replay, """
            {"success": true, "processed": 1, "results": [{"conversation_id": "chat_1", "messages_added": 0, "status": "no_new_messages"}]}
            """);
        Assert.Equal(first.InboxId(0), replay.InboxId(0));
        Assert.Equal(2, await api.CountMessagesAsync(connection.ChannelId));

        // And an incremental sync with one new message among old ones adds just that one
        var incremental = await api.IngestAsync(connection, IngestKit.Conversation("chat_1", "+15550001111",
            IngestKit.Text("m2", "2026-02-01T10:01:00Z"), IngestKit.Text("m3", "2026-02-01T10:02:00Z"))).OkAsync();
        Assert.Equal(("updated", 1), (incremental.Status(0), incremental.Added(0)));
        Assert.Equal(3, await api.CountMessagesAsync(connection.ChannelId));
    }

    [Fact]
    public async Task The_same_message_id_twice_in_one_request_is_stored_once_even_in_two_threads()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();

        var body = await api.IngestAsync(connection,
            IngestKit.Conversation("a", "+15550001111", IngestKit.Text("dup", "2026-02-01T10:00:00Z", "first"), IngestKit.Text("dup", "2026-02-01T10:05:00Z", "second")),
            IngestKit.Conversation("b", "+15550002222", IngestKit.Text("dup", "2026-02-01T10:06:00Z", "third"), IngestKit.Text("b1", "2026-02-01T10:07:00Z"))).OkAsync();

        IngestKit.AssertContractResponse(body, """
            {"success": true, "processed": 2, "results": [
              {"conversation_id": "a", "messages_added": 1, "status": "created"},
              {"conversation_id": "b", "messages_added": 1, "status": "created"}]}
            """);
        var stored = await api.MessageRowsAsync(body.InboxId(0));
        Assert.Equal("first", stored.Single().GetProperty("content").GetString());
        Assert.Equal(2, await api.CountMessagesAsync(connection.ChannelId));
    }

    [Fact]
    public async Task The_same_thread_twice_in_one_request_is_created_once_then_updated_with_what_is_new()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();

        var body = await api.IngestAsync(connection,
            IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z")),
            IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z"), IngestKit.Text("m2", "2026-02-01T10:01:00Z")),
            IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m2", "2026-02-01T10:01:00Z"))).OkAsync();

        IngestKit.AssertContractResponse(body, """
            {"success": true, "processed": 3, "results": [
              {"conversation_id": "t", "messages_added": 1, "status": "created"},
              {"conversation_id": "t", "messages_added": 1, "status": "updated"},
              {"conversation_id": "t", "messages_added": 0, "status": "no_new_messages"}]}
            """);
        Assert.Equal(body.InboxId(0), body.InboxId(1));
        Assert.Equal(1, await api.CountAsync("select count(*) from messaging.conversations where channel_id = $1", connection.ChannelId));
    }

    [Fact]
    public async Task A_participant_is_matched_to_an_existing_contact_by_the_last_10_digits_of_the_phone()
    {
        // Given a contact whose phone was entered in a local format
        var api = await TestApi.Shared;
        var (owner, connection) = await api.NewConnectionAsync("whatsapp");
        var existing = await owner.CreateContactIdAsync(new { name = "Maria", phone = "+55 11 98765-4321" });
        var contactsBefore = await api.CountContactsAsync(connection.OrgId);

        // When a thread arrives from the same number written without the country code
        var body = await api.IngestAsync(connection, IngestKit.Conversation("chat_maria", "11987654321", IngestKit.Text("m1", "2026-02-01T10:00:00Z"))).OkAsync();

        // Then it is Maria's conversation and no contact was created
        Assert.Equal(existing, (await api.ConversationRowAsync(body.InboxId(0))).GetProperty("contact_id").GetGuid());
        Assert.Equal(contactsBefore, await api.CountContactsAsync(connection.OrgId));
        Assert.Equal("Maria", (await owner.GetContactAsync(existing)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_exact_phone_match_wins_over_an_older_contact_sharing_the_last_10_digits()
    {
        // Given an older contact and a newer one whose numbers share their last 10 digits
        var api = await TestApi.Shared;
        var (owner, connection) = await api.NewConnectionAsync("signal");
        var older = await owner.CreateContactIdAsync(new { name = "UK", phone = "+44 11 98765-4321" });
        var exact = await owner.CreateContactIdAsync(new { name = "BR", phone = "+55 11 98765-4321" });

        // When threads arrive from the exact number and from a number only the last 10 digits match
        var body = await api.IngestAsync(connection,
            IngestKit.Conversation("exact", "+5511987654321", IngestKit.Text("m1", "2026-02-01T10:00:00Z")),
            IngestKit.Conversation("fallback", "0011987654321", IngestKit.Text("m2", "2026-02-01T10:00:00Z"))).OkAsync();

        // Then the exact number wins, and the fallback takes the oldest contact with those digits
        Assert.Equal(exact, (await api.ConversationRowAsync(body.InboxId(0))).GetProperty("contact_id").GetGuid());
        Assert.Equal(older, (await api.ConversationRowAsync(body.InboxId(1))).GetProperty("contact_id").GetGuid());
    }

    [Fact]
    public async Task A_conversation_with_a_bad_timestamp_gets_its_own_error_and_the_others_are_stored()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();

        var body = await api.IngestAsync(connection,
            IngestKit.Conversation("good_1", "+15550001111", IngestKit.Text("g1", "2026-02-01T10:00:00Z")),
            IngestKit.Conversation("bad", "+15550002222", IngestKit.Text("b1", "2026-02-01T10:00:00Z"), IngestKit.Text("b2", "yesterday")),
            IngestKit.Conversation("good_2", "+15550003333", IngestKit.Text("g2", "2026-02-01T11:00:00Z"))).OkAsync();

        IngestKit.AssertContractResponse(body, """
            {"success": true, "processed": 3, "results": [
              {"conversation_id": "good_1", "messages_added": 1, "status": "created"},
              {"conversation_id": "bad", "messages_added": 0, "status": "error: messages[1].sent_at is not an ISO 8601 timestamp"},
              {"conversation_id": "good_2", "messages_added": 1, "status": "created"}]}
            """);
        Assert.Equal(2, await api.CountMessagesAsync(connection.ChannelId));
        Assert.Equal(0, await api.CountAsync("select count(*) from messaging.conversations where channel_id = $1 and external_id = 'bad'", connection.ChannelId));
    }

    public static TheoryData<string, string, string> BadConversations => new()
    {
        { "no participant", """{"external_conversation_id":"x","messages":[]}""", "error: Missing participant_identifier" },
        { "empty participant", """{"external_conversation_id":"x","participant_identifier":"  ","messages":[]}""", "error: Missing participant_identifier" },
        { "no thread id", """{"participant_identifier":"+15550009999","messages":[]}""", "error: Missing external_conversation_id" },
        { "numeric thread id", """{"external_conversation_id":42,"participant_identifier":"+15550009999","messages":[]}""", "error: external_conversation_id must be a string" },
        { "invalid phone", """{"external_conversation_id":"x","participant_identifier":"call me maybe","messages":[]}""",
            "error: invalid participant_identifier: 'call me maybe' is not a phone number: use the international format, e.g. +5511987654321." },
        { "no messages", """{"external_conversation_id":"x","participant_identifier":"+15550009999"}""", "error: Missing messages" },
        { "messages not an array", """{"external_conversation_id":"x","participant_identifier":"+15550009999","messages":"hi"}""", "error: messages must be an array" },
        { "not an object", "\"x\"", "error: conversation must be an object" },
        { "unknown type", Msg("""{"id":"m","direction":"inbound","type":"sticker","content":"","sent_at":"2026-02-01T10:00:00Z"}"""),
            "error: messages[0].type must be one of text, image, audio, video, file, location" },
        { "unknown direction", Msg("""{"id":"m","direction":"sideways","type":"text","content":"hi","sent_at":"2026-02-01T10:00:00Z"}"""),
            "error: messages[0].direction must be inbound or outbound" },
        { "no message id", Msg("""{"direction":"inbound","type":"text","content":"hi","sent_at":"2026-02-01T10:00:00Z"}"""), "error: Missing messages[0].id" },
        { "numeric message id", Msg("""{"id":7,"direction":"inbound","type":"text","content":"hi","sent_at":"2026-02-01T10:00:00Z"}"""), "error: messages[0].id must be a string" },
        { "text without content", Msg("""{"id":"m","direction":"inbound","type":"text","sent_at":"2026-02-01T10:00:00Z"}"""), "error: Missing messages[0].content" },
        { "no sent_at", Msg("""{"id":"m","direction":"inbound","type":"text","content":"hi"}"""), "error: Missing messages[0].sent_at" },
        { "date without time", Msg("""{"id":"m","direction":"inbound","type":"text","content":"hi","sent_at":"2026-02-01"}"""),
            "error: messages[0].sent_at is not an ISO 8601 timestamp" },
        { "impossible date", Msg("""{"id":"m","direction":"inbound","type":"text","content":"hi","sent_at":"2026-02-30T10:00:00Z"}"""),
            "error: messages[0].sent_at is not an ISO 8601 timestamp" },
        { "NUL in content", Msg("""{"id":"m","direction":"inbound","type":"text","content":"a\u0000b","sent_at":"2026-02-01T10:00:00Z"}"""),
            "error: messages[0].content contains a NUL character" },
        { "script URL", Msg("""{"id":"m","direction":"inbound","type":"image","content":"","media_url":"javascript:alert(1)","sent_at":"2026-02-01T10:00:00Z"}"""),
            "error: messages[0].media_url must be an http or https URL" },
        { "message not an object", Msg("\"hello\""), "error: messages[0] must be an object" },
    };

    private static string Msg(string message) =>
        $$"""{"external_conversation_id":"x","participant_identifier":"+15550009999","messages":[{{message}}]}""";

    [Theory]
    [MemberData(nameof(BadConversations))]
    public async Task A_bad_conversation_is_reported_as_its_own_error_between_two_good_ones(string why, string bad, string status)
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();
        var good1 = JsonSerializer.Serialize(IngestKit.Conversation("good_1", "+15550001111", IngestKit.Text("g1", "2026-02-01T10:00:00Z")));
        var good2 = JsonSerializer.Serialize(IngestKit.Conversation("good_2", "+15550003333", IngestKit.Text("g2", "2026-02-01T10:00:00Z")));

        var body = await api.IngestRawAsync(connection.Secret,
            $$"""{"platform":"whatsapp","connection_id":"{{connection.ConnectionId}}","conversations":[{{good1}},{{bad}},{{good2}}]}""").OkAsync();

        Assert.True(body.Status(1) == status, $"{why}: {body.Result(1)}");
        Assert.Equal(0, body.Added(1));
        Assert.Equal(JsonValueKind.Null, body.Result(1).GetProperty("inbox_conversation_id").ValueKind);
        Assert.Equal(("created", "created"), (body.Status(0), body.Status(2)));
        Assert.Equal(3, body.GetProperty("processed").GetInt32());
        Assert.Equal(2, await api.CountMessagesAsync(connection.ChannelId));
        Assert.Equal(2, await api.CountAsync("select count(*) from messaging.conversations where channel_id = $1", connection.ChannelId));
    }

    [Theory]
    [InlineData("2026-02-01T10:30:00Z", "2026-02-01T10:30:00.0000000+00:00")]
    [InlineData("2026-02-01T10:30:00.123Z", "2026-02-01T10:30:00.1230000+00:00")]
    [InlineData("2026-02-01T10:30:00.123456Z", "2026-02-01T10:30:00.1234560+00:00")]
    [InlineData("2026-02-01T10:30:00.123456789Z", "2026-02-01T10:30:00.1234560+00:00")]
    [InlineData("2026-02-01T10:30:00+02:00", "2026-02-01T08:30:00.0000000+00:00")]
    [InlineData("2026-02-01T10:30:00-0330", "2026-02-01T14:00:00.0000000+00:00")]
    [InlineData("2026-02-01T10:30:00", "2026-02-01T10:30:00.0000000+00:00")]
    [InlineData("2026-02-01 10:30Z", "2026-02-01T10:30:00.0000000+00:00")]
    public async Task An_iso_8601_timestamp_in_any_common_form_is_stored_as_that_instant(string sentAt, string expected)
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();

        var body = await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m", sentAt))).OkAsync();

        var stored = (await api.MessageRowsAsync(body.InboxId(0))).Single().GetProperty("sent_at").GetDateTimeOffset();
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), stored);
    }

    [Fact]
    public async Task Older_history_does_not_replace_the_preview_of_a_newer_message()
    {
        // Given a thread whose newest message is at 10:00
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();
        var first = await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m2", "2026-02-01T10:00:00Z", "newest"))).OkAsync();

        // When older history arrives
        await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111",
            IngestKit.Text("m0", "2026-02-01T08:00:00Z", "oldest"), IngestKit.Text("m1", "2026-02-01T09:00:00Z", "older"))).OkAsync();

        // Then the preview and last activity still show the newest message
        var conversation = await api.ConversationRowAsync(first.InboxId(0));
        Assert.Equal("newest", conversation.GetProperty("last_message_preview").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-02-01T10:00:00Z", CultureInfo.InvariantCulture), conversation.GetProperty("last_message_at").GetDateTimeOffset());

        // And a newer message does move them
        await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m3", "2026-02-01T11:00:00Z", "latest", "outbound"))).OkAsync();
        conversation = await api.ConversationRowAsync(first.InboxId(0));
        Assert.Equal("latest", conversation.GetProperty("last_message_preview").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-02-01T11:00:00Z", CultureInfo.InvariantCulture), conversation.GetProperty("last_message_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Ingested_history_counts_no_unread_reopens_nothing_and_queues_no_events_or_jobs()
    {
        // Given an ingested thread an agent snoozed
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();
        var first = await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z"))).OkAsync();
        await api.Database.AdminExecAsync("update messaging.conversations set status = 'snoozed', snoozed_until = now() + interval '1 day' where id = $1", first.InboxId(0));

        // When more inbound history and media arrive
        await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111",
            IngestKit.Text("m2", "2026-02-01T10:05:00Z"),
            new { id = "m3", direction = "inbound", type = "audio", content = "", media_url = "https://cdn.example.com/voice.ogg", sent_at = "2026-02-01T10:06:00Z" })).OkAsync();

        // Then nothing counts as unread, the thread stays as it was, and nothing was queued for automations or fetching
        var conversation = await api.ConversationRowAsync(first.InboxId(0));
        Assert.Equal((0, "snoozed"), (conversation.GetProperty("unread_count").GetInt32(), conversation.GetProperty("status").GetString()));
        Assert.Equal("[audio]", conversation.GetProperty("last_message_preview").GetString());
        Assert.Equal(0, await api.CountAsync("select count(*) from omni.jobs where org_id = $1", connection.OrgId));
        Assert.Equal(1, await api.CountAsync("select count(*) from messaging.attachments a join messaging.messages m on m.id = a.message_id where m.channel_id = $1 and a.status = 'linked'", connection.ChannelId));
    }

    [Fact]
    public async Task A_known_thread_keeps_its_contact_and_its_participant_is_not_matched_again()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();
        var first = await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z"))).OkAsync();
        var contacts = await api.CountContactsAsync(connection.OrgId);

        var second = await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550009999", IngestKit.Text("m2", "2026-02-01T10:01:00Z"))).OkAsync();

        Assert.Equal(("updated", first.InboxId(0)), (second.Status(0), second.InboxId(0)));
        Assert.Equal(contacts, await api.CountContactsAsync(connection.OrgId));
    }

    [Fact]
    public async Task Two_syncers_sending_the_same_history_at_once_store_every_message_once()
    {
        // Given a request of 20 threads, sent 4 times at the same moment
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();
        var threads = Enumerable.Range(0, 20).Select(t => IngestKit.Conversation($"t{t}", $"+1555000{t:0000}",
            Enumerable.Range(0, 25).Select(m => IngestKit.Text($"t{t}-m{m}", $"2026-02-01T10:{m:00}:00Z")).ToArray())).ToArray();

        var bodies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.IngestAsync(connection, threads).OkAsync()));

        // Then every message is stored once, each counted by exactly one of the requests
        Assert.Equal(500, await api.CountMessagesAsync(connection.ChannelId));
        Assert.Equal(20, await api.CountAsync("select count(*) from messaging.conversations where channel_id = $1", connection.ChannelId));
        for (var t = 0; t < 20; t++)
        {
            Assert.Equal(25, bodies.Sum(b => b.Added(t)));
            Assert.Single(bodies.Select(b => b.InboxId(t)).Distinct());
        }
    }

    [Fact]
    public async Task A_request_notes_when_the_connection_was_last_used()
    {
        var api = await TestApi.Shared;
        var (owner, connection) = await api.NewConnectionAsync();

        await api.IngestAsync(connection, IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z"))).OkAsync();

        var read = await (await owner.GetAsync($"{IngestKit.Connections}/{connection.Id}")).ReadJsonAsync();
        Assert.True(DateTimeOffset.UtcNow - read.GetProperty("last_used_at").GetDateTimeOffset() < TimeSpan.FromMinutes(1), read.ToString());
    }
}
