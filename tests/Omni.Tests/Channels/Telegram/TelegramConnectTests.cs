using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Channels.Telegram;

/// <summary>Connecting a bot: the token is checked with getMe, our webhook is registered with a secret
/// token that only Telegram and we know, and the channel shows neither.</summary>
public sealed class TelegramConnectTests
{
    [Fact]
    public async Task Connecting_a_bot_registers_our_webhook_with_a_secret_token_that_the_channel_never_shows()
    {
        // Given a bot
        await using var kit = await TelegramKit.StartAsync("connect");
        var bot = kit.Fake.AddBot("acme_support_bot");
        var (_, _, client) = await kit.NewOrgAsync();

        // When it is connected as a channel
        var response = await TelegramKit.CreateChannelAsync(client, bot.Token);
        var channel = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = channel.GetProperty("id").GetGuid();

        // Then Telegram was asked who the bot is, and its webhook now points at this channel, with a secret token
        Assert.Single(kit.Fake.RequestsOf(bot, "getMe"));
        Assert.Equal($"{TelegramKit.PublicBaseUrl}webhooks/telegram/{id}", bot.WebhookUrl);
        Assert.Matches("^[A-Za-z0-9_-]{32,256}$", bot.WebhookSecret);
        Assert.Equal(["message", "edited_message"], bot.AllowedUpdates!.Select(u => u!.GetValue<string>()));
        Assert.False(bot.DropPendingUpdates);
        var setWebhook = Assert.Single(kit.Fake.RequestsOf(bot, "setWebhook"));
        Assert.False(setWebhook.Parameters["drop_pending_updates"]!.GetValue<bool>());

        // And the channel knows the bot, shows its webhook URL and the token masked, and never the secret
        Assert.Equal("active", channel.GetProperty("status").GetString());
        Assert.Equal(bot.Id.ToString(), channel.GetProperty("settings").GetProperty("bot_id").GetString());
        Assert.Equal("acme_support_bot", channel.GetProperty("settings").GetProperty("username").GetString());
        Assert.Equal(bot.WebhookUrl, channel.GetProperty("webhook_url").GetString());
        var credentials = channel.GetProperty("credentials");
        Assert.Equal(["bot_token"], credentials.EnumerateObject().Select(p => p.Name));
        Assert.Equal("••••" + bot.Token[^4..], credentials.GetProperty("bot_token").GetString());
        foreach (var shown in new[] { channel, await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/channels/{id}"),
                     await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/channels") })
        {
            Assert.DoesNotContain(bot.WebhookSecret!, shown.ToString());
            Assert.DoesNotContain(bot.Token, shown.ToString());
        }
    }

    [Fact]
    public async Task Reconnecting_registers_the_webhook_again_with_the_same_secret()
    {
        // Given a connected bot whose webhook someone removed
        await using var kit = await TelegramKit.StartAsync("reconnect");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var id = await kit.ConnectAsync(client, bot);
        var secret = bot.WebhookSecret;
        bot.WebhookUrl = null;

        // When the channel is reconnected
        var response = await client.PostAsync($"/api/v1/channels/{id}/reconnect", null);

        // Then the webhook is back, with the secret the channel keeps checking
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{TelegramKit.PublicBaseUrl}webhooks/telegram/{id}", bot.WebhookUrl);
        Assert.Equal(secret, bot.WebhookSecret);
        await kit.DeliverAsync(bot, bot.Text(bot.PrivateChat(), "still there?"));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("malformed")]
    public async Task A_bot_token_telegram_refuses_is_422_credentials_rejected_and_no_channel_is_kept(string which)
    {
        // Given a token Telegram does not know (or one that is not even shaped like a token)
        await using var kit = await TelegramKit.StartAsync("bad_token");
        var token = which == "unknown" ? "123456789:AAHwrongwrongwrongwrongwrongwrongwr" : "not-a-token/../sendMessage";
        var (_, _, client) = await kit.NewOrgAsync();

        // When a channel is created with it
        var response = await TelegramKit.CreateChannelAsync(client, token);

        // Then it is refused as credentials Telegram rejected, and nothing was kept
        var problem = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("credentials_rejected", problem.GetProperty("code").GetString());
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.channels"));
        Assert.DoesNotContain(kit.Fake.Requests, r => r.Method == "setWebhook");
        if (which == "malformed") Assert.Empty(kit.Fake.Requests);
    }

    [Fact]
    public async Task Without_a_public_base_url_the_channel_is_kept_in_error_saying_what_to_configure()
    {
        // Given an API that does not know its public address
        await using var kit = await TelegramKit.StartAsync("no_public_url", new Dictionary<string, string?> { ["Omni:PublicBaseUrl"] = "" });
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();

        // When a bot is connected
        var response = await TelegramKit.CreateChannelAsync(client, bot.Token);

        // Then the token was checked, no webhook was registered, and the channel says why it is not working
        var channel = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("error", channel.GetProperty("status").GetString());
        Assert.Contains("Omni:PublicBaseUrl", channel.GetProperty("last_error").GetString());
        Assert.Single(kit.Fake.RequestsOf(bot, "getMe"));
        Assert.Empty(kit.Fake.RequestsOf(bot, "setWebhook"));
        Assert.Null(bot.WebhookUrl);
    }

    [Fact]
    public async Task A_bot_already_connected_cannot_be_connected_again_and_its_webhook_stays_where_it_was()
    {
        // Given a bot connected in one org
        await using var kit = await TelegramKit.StartAsync("taken");
        var bot = kit.Fake.AddBot();
        var (_, _, first) = await kit.NewOrgAsync();
        var id = await kit.ConnectAsync(first, bot);
        var (_, _, second) = await kit.NewOrgAsync();

        // When another org connects the same bot
        var response = await TelegramKit.CreateChannelAsync(second, bot.Token);

        // Then it is refused before Telegram is touched: the webhook still goes to the first channel
        var problem = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("channel_taken", problem.GetProperty("code").GetString());
        Assert.Single(kit.Fake.RequestsOf(bot, "setWebhook"));
        Assert.EndsWith($"/webhooks/telegram/{id}", bot.WebhookUrl);
    }

    [Fact]
    public async Task A_telegram_that_cannot_be_reached_leaves_the_channel_in_error_until_it_is_reconnected()
    {
        // Given Telegram is down
        await using var kit = await TelegramKit.StartAsync("down_connect");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        kit.Fake.Down = true;

        // When the bot is connected, the channel is kept in error
        var created = await (await TelegramKit.CreateChannelAsync(client, bot.Token)).ReadJsonAsync();
        Assert.Equal("error", created.GetProperty("status").GetString());
        Assert.DoesNotContain(bot.Token, created.GetProperty("last_error").GetString());

        // And once Telegram is back, reconnecting registers the webhook
        kit.Fake.Down = false;
        var id = created.GetProperty("id").GetGuid();
        var reconnected = await (await client.PostAsync($"/api/v1/channels/{id}/reconnect", null)).ReadJsonAsync();
        Assert.Equal("active", reconnected.GetProperty("status").GetString());
        Assert.EndsWith($"/webhooks/telegram/{id}", bot.WebhookUrl);
    }

    [Fact]
    public async Task Disconnecting_deletes_our_webhook_at_telegram_and_still_disconnects_when_telegram_is_down()
    {
        await using var kit = await TelegramKit.StartAsync("disconnect");
        var (_, _, client) = await kit.NewOrgAsync();
        var bot = kit.Fake.AddBot();
        var other = kit.Fake.AddBot();
        var channel = await kit.ConnectAsync(client, bot);
        var unreachable = await kit.ConnectAsync(client, other);

        var response = await client.DeleteAsync($"/api/v1/channels/{channel}");
        kit.Fake.Down = true;
        var whileDown = await client.DeleteAsync($"/api/v1/channels/{unreachable}");
        kit.Fake.Down = false;

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(kit.Fake.RequestsOf(bot, "deleteWebhook"));
        Assert.Null(bot.WebhookUrl);
        Assert.Equal(HttpStatusCode.NoContent, whileDown.StatusCode);
        Assert.NotNull(other.WebhookUrl);
        foreach (var id in new[] { channel, unreachable })
            Assert.Equal("disabled", (await (await client.GetAsync($"/api/v1/channels/{id}")).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Contains(kit.Api.Logs.Lines, l => l.Contains("the platform was not told", StringComparison.Ordinal));
    }
}
