using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Telegram;

/// <summary>Updates Telegram delivers to <c>/webhooks/telegram/{channel_id}</c>: authenticated by the secret
/// header only, recorded, then read into contacts, conversations and messages.</summary>
public sealed class TelegramWebhookTests
{
    [Theory]
    [InlineData(FakeTelegram.Secret.Missing, HttpStatusCode.Unauthorized)]
    [InlineData(FakeTelegram.Secret.Wrong, HttpStatusCode.Forbidden)]
    public async Task An_update_without_the_registered_secret_is_refused_and_nothing_is_stored(FakeTelegram.Secret secret, HttpStatusCode expected)
    {
        // Given a connected bot
        await using var kit = await TelegramKit.StartAsync("secret");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        await kit.ConnectAsync(client, bot);

        // When an update arrives without the secret header, or with a wrong one
        using var response = await kit.Fake.DeliverAsync(bot, bot.Text(bot.PrivateChat(), "let me in"), kit.ApiBase, secret);

        // Then it is refused and nothing was recorded or stored
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events"));
        Assert.Equal(0, await kit.CountAsync("select count(*) from messaging.messages"));
        Assert.Equal(0, await kit.CountAsync("select count(*) from contacts.contacts"));
    }

    [Fact]
    public async Task An_update_for_a_channel_that_does_not_exist_is_404()
    {
        await using var kit = await TelegramKit.StartAsync("unknown_channel");
        using var http = kit.Api.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{Guid.CreateVersion7()}")
        {
            Content = new StringContent("""{"update_id":1}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "anything");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Updates_for_a_disabled_channel_are_refused_so_that_telegram_keeps_them_until_it_is_enabled_again()
    {
        // Given a connected bot whose channel was disabled
        await using var kit = await TelegramKit.StartAsync("disabled");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        (await client.PatchAsJsonAsync($"/api/v1/channels/{channel}", new { status = "disabled" })).EnsureSuccessStatusCode();

        // When Telegram delivers an update, retrying as it does, while the channel is enabled again
        var delivery = kit.Fake.DeliverWithRetriesAsync(bot, bot.Text(bot.PrivateChat(), "are you open?"), kit.ApiBase, attempts: 20, TimeSpan.FromMilliseconds(100));
        await TelegramKit.EventuallyAsync(() => Task.FromResult(kit.Fake.Requests.Count > 0 || delivery.IsCompleted), () => Task.FromResult("never delivered"), TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        (await client.PatchAsJsonAsync($"/api/v1/channels/{channel}", new { status = "active" })).EnsureSuccessStatusCode();
        var statuses = await delivery;

        // Then it was refused with 404 while disabled, accepted afterwards, and is in the inbox
        Assert.Equal(404, statuses[0]);
        Assert.Equal(200, statuses[^1]);
        await kit.IdleAsync(channel);
        Assert.Equal("are you open?", Assert.Single(await kit.MessagesAsync(channel)).Content);
    }

    [Fact]
    public async Task An_inbound_text_makes_a_telegram_contact_an_open_conversation_and_a_message()
    {
        // Given a connected bot and a user who writes to it
        await using var kit = await TelegramKit.StartAsync("inbound_text");
        var bot = kit.Fake.AddBot();
        var (_, org, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat("Ana", "Silva", "anasilva");

        // When the update arrives
        var update = bot.Text(ana, "/start promo42");
        await kit.DeliverAsync(bot, update);
        await kit.IdleAsync(channel);

        // Then the message is in an open conversation with a contact known by the Telegram chat id
        var message = Assert.Single(await kit.MessagesAsync(channel));
        Assert.Equal(("inbound", "text", "/start promo42", $"{ana.Id}:1"), (message.Direction, message.Type, message.Content, message.ExternalId));
        Assert.Equal("private", message.Attributes.GetProperty("telegram").GetProperty("chat_type").GetString());
        var contact = Assert.Single(await kit.QueryAsync(
            "select c.name, i.type, i.value from contacts.contacts c join contacts.contact_identifiers i on i.contact_id = c.id where c.org_id = $1",
            r => (Name: r.GetString(0), Type: r.GetString(1), Value: r.GetString(2)), org));
        Assert.Equal(("Ana Silva", "telegram", ana.Id.ToString()), contact);
        var conversation = Assert.Single(await kit.QueryAsync(
            "select c.status, c.unread_count, ci.source_id, c.last_message_preview from messaging.conversations c join messaging.contact_inboxes ci on ci.id = c.contact_inbox_id where c.channel_id = $1",
            r => (Status: r.GetString(0), Unread: r.GetInt32(1), Source: r.GetString(2), Preview: r.GetString(3)), channel));
        Assert.Equal(("open", 1, ana.Id.ToString(), "/start promo42"), conversation);
    }

    [Fact]
    public async Task A_replayed_update_is_stored_once()
    {
        // Given an update that was delivered
        await using var kit = await TelegramKit.StartAsync("replay");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var update = bot.Text(bot.PrivateChat(), "hello");
        await kit.DeliverAsync(bot, update);
        await kit.IdleAsync(channel);

        // When Telegram delivers it again (its retry after a lost answer)
        await kit.DeliverAsync(bot, update);
        await kit.IdleAsync(channel);

        // Then there is still one message, and both deliveries were processed
        Assert.Single(await kit.MessagesAsync(channel));
        Assert.Equal(2, await kit.CountAsync("select count(*) from channels.webhook_events where processed_at is not null and error is null"));
    }

    [Fact]
    public async Task Photos_documents_voice_notes_and_locations_are_stored_with_their_media_queued_for_fetching()
    {
        // Given a user who sends a photo with a caption, a PDF, a voice note and a location
        await using var kit = await TelegramKit.StartAsync("media_kinds");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        var photo = bot.Photo(ana, new byte[2048], "broken part, see photo");
        var largest = photo["message"]!["photo"]![2]!["file_id"]!.GetValue<string>();

        // When the updates arrive
        foreach (var update in new[] { photo, bot.Document(ana, new byte[512], "invoice.pdf", "application/pdf", "my invoice"), bot.Voice(ana, new byte[300]), bot.Location(ana, -23.550520, -46.633308) })
            await kit.DeliverAsync(bot, update);
        await kit.IdleAsync(channel);

        // Then each is a message of its kind (they arrived in the same second: compared by kind)
        var messages = (await kit.MessagesAsync(channel)).OrderBy(m => m.Type, StringComparer.Ordinal).ToList();
        Assert.Equal([("audio", null), ("file", "my invoice"), ("image", "broken part, see photo"), ("location", "-23.55052, -46.633308")],
            messages.Select(m => (m.Type, m.Content)));
        Assert.Equal(-23.55052, messages[3].Attributes.GetProperty("telegram").GetProperty("location").GetProperty("latitude").GetDouble());

        // And the media, the photo's largest size, kept its name; each was fetched in the background
        var attachments = (await kit.QueryAsync(
            "select a.kind, a.source_ref, a.file_name from messaging.attachments a join messaging.messages m on m.id = a.message_id order by a.kind",
            r => (Kind: r.GetString(0), Ref: r.GetString(1), Name: r.IsDBNull(2) ? null : r.GetString(2)))).ToDictionary(a => a.Kind);
        Assert.Equal(["audio", "file", "image"], attachments.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((largest, (string?)null), (attachments["image"].Ref, attachments["image"].Name));
        Assert.Equal("invoice.pdf", attachments["file"].Name);
        Assert.Equal(3, await kit.CountAsync("select count(*) from omni.jobs where type = 'messaging.fetch-media' and status = 'succeeded'"));
    }

    [Fact]
    public async Task A_group_message_comes_from_the_group_as_the_contact_and_names_its_author()
    {
        // Given a bot in a supergroup (64-bit negative id)
        await using var kit = await TelegramKit.StartAsync("group");
        var bot = kit.Fake.AddBot();
        var (_, org, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var group = bot.Group("Support Group");
        var ana = bot.PrivateChat("Ana", null);

        // When a member writes in the group
        await kit.DeliverAsync(bot, bot.Text(group, "anyone there?", from: ana));
        await kit.IdleAsync(channel);

        // Then the group is the contact (replies go to it), and the author is on the message
        var message = Assert.Single(await kit.MessagesAsync(channel));
        Assert.Equal($"{group.Id}:1", message.ExternalId);
        var from = message.Attributes.GetProperty("telegram").GetProperty("from");
        Assert.Equal((ana.Id, "Ana"), (from.GetProperty("id").GetInt64(), from.GetProperty("name").GetString()));
        Assert.Equal(("Support Group", group.Id.ToString()), Assert.Single(await kit.QueryAsync(
            "select c.name, i.value from contacts.contacts c join contacts.contact_identifiers i on i.contact_id = c.id where c.org_id = $1 and i.type = 'telegram'",
            r => (r.GetString(0), r.GetString(1)), org)));
    }

    [Fact]
    public async Task An_edit_is_stored_as_a_new_message_pointing_at_the_original_and_a_reply_points_at_what_it_answers()
    {
        // Given a message the user sent
        await using var kit = await TelegramKit.StartAsync("edit_reply");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        await kit.DeliverAsync(bot, bot.Text(ana, "my order is 1024"));

        // When they edit it, and then reply to it
        await kit.DeliverAsync(bot, bot.Edited(ana, 1, "my order is 1042"));
        await kit.DeliverAsync(bot, bot.Text(ana, "see above", replyTo: 1));
        await kit.IdleAsync(channel);

        // Then the original stays, the correction is its own message, and the reply names the original
        var messages = await kit.MessagesAsync(channel);
        Assert.Equal(["my order is 1024", "my order is 1042", "see above"], messages.Select(m => m.Content).Order());
        var edit = messages.Single(m => m.Content == "my order is 1042");
        Assert.Equal($"{ana.Id}:1", edit.Attributes.GetProperty("telegram").GetProperty("edit_of").GetString());
        Assert.StartsWith($"{ana.Id}:1:edit:", edit.ExternalId);
        var reply = messages.Single(m => m.Content == "see above");
        Assert.Equal($"{ana.Id}:1", reply.Attributes.GetProperty("in_reply_to_external_id").GetString());
    }

    [Fact]
    public async Task Updates_we_do_not_handle_are_accepted_and_ignored_without_errors()
    {
        // Given a connected bot
        await using var kit = await TelegramKit.StartAsync("ignored");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();

        // When a button tap, a channel post and an update type newer than our code arrive
        foreach (var update in new[] { bot.CallbackQuery(ana, "buy:42"), bot.ChannelPost(bot.Group("News", "channel"), "news"), bot.Unknown("message_reaction") })
            await kit.DeliverAsync(bot, update);
        await kit.IdleAsync(channel);

        // Then each was answered 200 and processed without error, and no message came of them
        Assert.Equal(3, await kit.CountAsync("select count(*) from channels.webhook_events where processed_at is not null and error is null"));
        Assert.Empty(await kit.MessagesAsync(channel));
        Assert.Equal(0, await kit.CountAsync("select count(*) from omni.jobs where status <> 'succeeded'"));
    }

    [Fact]
    public async Task A_body_that_is_not_an_update_is_recorded_with_an_error_and_does_not_block_what_follows()
    {
        await using var kit = await TelegramKit.StartAsync("unreadable");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);

        await kit.DeliverAsync(bot, new System.Text.Json.Nodes.JsonObject { ["hello"] = "world" });
        await kit.DeliverAsync(bot, bot.Text(bot.PrivateChat(), "after"));
        await kit.IdleAsync(channel);

        var errors = await kit.QueryAsync("select error from channels.webhook_events where error is not null", r => r.GetString(0));
        Assert.Contains("update_id", Assert.Single(errors));
        Assert.Equal("after", Assert.Single(await kit.MessagesAsync(channel)).Content);
    }
}
