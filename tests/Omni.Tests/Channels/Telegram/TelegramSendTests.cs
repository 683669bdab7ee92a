using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Telegram;

/// <summary>Messages going out through a bot: one attempt per send (a repeated send would be a second
/// message), the job system deciding when to try again, and Telegram's refusals as clear failures.</summary>
public sealed class TelegramSendTests
{
    [Fact]
    public async Task A_text_is_sent_to_the_chat_and_the_message_keeps_telegrams_id()
    {
        // Given a user who wrote to the bot
        await using var kit = await TelegramKit.StartAsync("send_text");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        await kit.DeliverAsync(bot, bot.Text(ana, "hi"));
        await kit.IdleAsync(channel);
        var inbound = Assert.Single(await kit.MessagesAsync(channel));

        // When an agent answers in the conversation, quoting the user's message
        var response = await client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/messages",
            new { type = "text", content = "Hello, Ana!", reply_to_message_id = inbound.Id });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = await kit.SettledAsync((await response.ReadJsonAsync()).GetProperty("id").GetGuid());

        // Then Telegram got one sendMessage replying to it, and the message holds Telegram's id for it
        var call = Assert.Single(kit.Fake.RequestsOf(bot, "sendMessage"));
        Assert.Equal(ana.Id, call.Parameters["chat_id"]!.GetValue<long>());
        Assert.Equal("Hello, Ana!", call.Parameters["text"]!.GetValue<string>());
        Assert.Equal(1, call.Parameters["reply_parameters"]!["message_id"]!.GetValue<long>());
        Assert.Equal(("sent", $"{ana.Id}:2"), (sent.Status, sent.ExternalId));
    }

    [Fact]
    public async Task A_photo_goes_by_its_url_with_the_caption_and_a_document_is_uploaded()
    {
        // Given a user of the bot, and an image and a spreadsheet at public URLs
        await using var kit = await TelegramKit.StartAsync("send_media");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        var image = kit.HostMedia("receipt.jpg", [0xFF, 0xD8, 0xFF, 1, 2, 3], "image/jpeg");
        var sheet = kit.HostMedia("report.xlsx", "PK\u0003\u0004sheet"u8.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        // When a photo and a file are sent to them
        var ids = new List<Guid>();
        foreach (var (type, url) in new[] { ("image", image), ("file", sheet) })
        {
            var response = await client.PostAsJsonAsync($"/api/v1/channels/{channel}/messages",
                new { contact_identifier = $"telegram:{ana.Id}", content = new { type, text = "Your " + type, media_url = url } });
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            ids.Add((await response.ReadJsonAsync()).GetProperty("id").GetGuid());
        }

        // Then the photo went as its URL with the caption, and the file as an upload under its name (Telegram
        // fetches documents by URL only when they are PDF, GIF or ZIP)
        Assert.All(await Task.WhenAll(ids.Select(kit.SettledAsync)), m => Assert.Equal("sent", m.Status));
        var photo = Assert.Single(kit.Fake.RequestsOf(bot, "sendPhoto"));
        Assert.Equal((image, "Your image"), (photo.Parameters["photo"]!.GetValue<string>(), photo.Parameters["caption"]!.GetValue<string>()));
        var document = Assert.Single(kit.Fake.RequestsOf(bot, "sendDocument"));
        Assert.Equal(["document"], document.FileFields);
        Assert.Equal("Your file", document.Parameters["caption"]!.GetValue<string>());
        var uploaded = Assert.Single(bot.Sent, s => s.Method == "sendDocument").File!;
        Assert.Equal("report.xlsx", uploaded.FileName);
        Assert.Equal("PK\u0003\u0004sheet"u8.ToArray(), uploaded.Bytes);
    }

    [Fact]
    public async Task A_rate_limited_send_waits_the_retry_after_and_is_then_sent_once()
    {
        // Given a chat on which Telegram's flood control answers the next send with "retry after 1"
        await using var kit = await TelegramKit.StartAsync("flood");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        bot.FailNextSends(FakeFailure.TooManyRequests(1));

        // When a message is sent
        var id = await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(), "are you there?");
        var sent = await kit.SettledAsync(id);

        // Then it went out exactly once, no sooner than a second after the refusal
        Assert.Equal("sent", sent.Status);
        var calls = kit.Fake.RequestsOf(bot, "sendMessage");
        Assert.Equal(2, calls.Count);
        Assert.Single(bot.Sent);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        Assert.Equal(1, await kit.CountAsync("select attempts from omni.jobs where type = 'messaging.send'"));
    }

    [Fact]
    public async Task A_send_while_telegram_is_down_is_retried_by_the_job_one_call_per_attempt_and_goes_out_once_it_is_back()
    {
        // Given Telegram is down (its gateway answers 502 pages)
        await using var kit = await TelegramKit.StartAsync("down_send");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        kit.Fake.Down = true;

        // When a message is sent, its job fails at least twice and the message stays queued
        var id = await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(), "ping");
        await TelegramKit.EventuallyAsync(async () => await kit.CountAsync("select attempts from omni.jobs where type = 'messaging.send' and status = 'pending'") >= 2,
            async () => $"attempts: {await kit.CountAsync("select attempts from omni.jobs where type = 'messaging.send'")}");
        Assert.Equal("queued", (await kit.MessageAsync(id)).Status);

        // Then once Telegram is back it is sent, and only once
        kit.Fake.Down = false;
        Assert.Equal("sent", (await kit.SettledAsync(id)).Status);
        await Task.Delay(1000);
        Assert.Single(bot.Sent);

        // And no attempt repeated the call by itself: each job attempt made exactly one sendMessage
        var attempts = await kit.CountAsync("select attempts from omni.jobs where type = 'messaging.send'");
        Assert.Equal(attempts, kit.Fake.RequestsOf(bot, "sendMessage").Count);
    }

    [Theory]
    [InlineData("blocked", "telegram_403", "Forbidden: bot was blocked by the user")]
    [InlineData("unknown_chat", "telegram_400", "Bad Request: chat not found")]
    [InlineData("migrated", "telegram_chat_migrated", "Bad Request: group chat was upgraded to a supergroup chat")]
    public async Task A_send_telegram_refuses_fails_the_message_with_a_clear_code_without_retrying(string why, string code, string text)
    {
        // Given a user who blocked the bot, a chat Telegram does not know, or a group that became a supergroup
        await using var kit = await TelegramKit.StartAsync("refused_" + why);
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var chat = why == "migrated" ? bot.Group("Old group", "group") : bot.PrivateChat();
        if (why == "blocked") chat.BotBlocked = true;
        if (why == "migrated") chat.MigratedTo = -1_001_234_567_890;
        var chatId = why == "unknown_chat" ? "123456" : chat.Id.ToString();

        // When a message is sent there
        var failed = await kit.SettledAsync(await TelegramKit.SendTextAsync(client, channel, chatId, "hello?"));

        // Then it failed once, saying why
        Assert.Equal(("failed", code), (failed.Status, failed.ErrorCode));
        Assert.StartsWith(text, failed.ErrorText);
        if (why == "migrated") Assert.Contains("-1001234567890", failed.ErrorText);
        Assert.Single(kit.Fake.RequestsOf(bot, "sendMessage"));
        Assert.Equal("active", (await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/channels/{channel}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_token_revoked_after_connecting_fails_the_send_as_credentials_rejected_and_puts_the_channel_in_error()
    {
        // Given a connected bot whose token was then revoked with BotFather
        await using var kit = await TelegramKit.StartAsync("revoked");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        bot.Revoked = true;

        // When a message is sent
        var failed = await kit.SettledAsync(await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(), "hello"));

        // Then it failed as credentials rejected, and the channel is in error saying so
        Assert.Equal(("failed", "credentials_rejected"), (failed.Status, failed.ErrorCode));
        var shown = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/channels/{channel}");
        Assert.Equal("error", shown.GetProperty("status").GetString());
        Assert.Contains("Unauthorized", shown.GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Templates_are_refused_up_front_and_capabilities_say_what_telegram_can_send()
    {
        await using var kit = await TelegramKit.StartAsync("capabilities");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);

        var caps = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/channels/{channel}/capabilities");
        Assert.Equal(["text", "image", "audio", "video", "file"], caps.GetProperty("message_types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(5 * 1024 * 1024, caps.GetProperty("max_media_bytes").GetProperty("image").GetInt64());
        Assert.False(caps.GetProperty("supports_templates").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, caps.GetProperty("customer_service_window_hours").ValueKind);

        var response = await client.PostAsJsonAsync($"/api/v1/channels/{channel}/messages",
            new { contact_identifier = $"telegram:{bot.PrivateChat().Id}", content = new { type = "template", template_name = "hello", template_language = "en" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("template_unsupported", (await response.ReadJsonAsync()).GetProperty("code").GetString());
    }
}
