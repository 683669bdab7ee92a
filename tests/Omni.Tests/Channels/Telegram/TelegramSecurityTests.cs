using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Telegram;

/// <summary>The bot token is in every Bot API URL's path; it must never reach a log line or a stored error.
/// A channel belongs to its org alone.</summary>
public sealed class TelegramSecurityTests
{
    [Fact]
    public async Task The_bot_token_never_appears_in_a_log_line_or_a_stored_error_even_when_everything_fails()
    {
        // Given a connected bot, and a Telegram that will refuse, throttle, fail and vanish
        await using var kit = await TelegramKit.StartAsync("token_logs");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        await kit.DeliverAsync(bot, bot.Photo(ana, new byte[100]));
        await kit.IdleAsync(channel);

        // When sends meet a 500, a 429, a blocked user, Telegram down, then a refused token
        bot.FailNextSends(FakeFailure.InternalServerError, FakeFailure.TooManyRequests(1));
        Assert.Equal("sent", (await kit.SettledAsync(await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(), "one"))).Status);
        ana.BotBlocked = true;
        Assert.Equal("failed", (await kit.SettledAsync(await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(), "two"))).Status);
        ana.BotBlocked = false;
        kit.Fake.Down = true;
        var during = await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(), "three");
        await TelegramKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from omni.jobs where last_error like '%unavailable%'") > 0, () => Task.FromResult("no failure recorded"));
        await client.PostAsync($"/api/v1/channels/{channel}/reconnect", null);
        kit.Fake.Down = false;
        await kit.SettledAsync(during);
        bot.Revoked = true;
        Assert.Equal("failed", (await kit.SettledAsync(await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(), "four"))).Status);
        await kit.DeliverAsync(bot, bot.Photo(ana, new byte[100]));
        await kit.IdleAsync(channel);
        await client.PostAsync($"/api/v1/channels/{channel}/reconnect", null);

        // Then every call carried the token, but no log line, job error, message error or channel error holds it
        Assert.True(kit.Fake.Requests.Count(r => r.Token == bot.Token) >= 10);
        Assert.NotEmpty(kit.Api.Logs.Lines);
        var leaked = kit.Api.Logs.Lines.Concat(kit.Api.LogEvents.Events.Select(e => e.RenderMessage() + " " + e.Exception))
            .Where(l => l.Contains(bot.Token, StringComparison.Ordinal)).ToList();
        Assert.True(leaked.Count == 0, "the token is in the logs:\n" + string.Join('\n', leaked));
        var secretPart = bot.Token[(bot.Token.IndexOf(':') + 1)..];
        Assert.Equal(0, await kit.CountAsync("""
            select (select count(*) from omni.jobs where last_error like '%' || $1 || '%')
                 + (select count(*) from messaging.messages where error_text like '%' || $1 || '%')
                 + (select count(*) from messaging.attachments where error like '%' || $1 || '%')
                 + (select count(*) from channels.channels where last_error like '%' || $1 || '%' or settings::text like '%' || $1 || '%')
            """, secretPart));
    }

    [Fact]
    public async Task Another_org_can_neither_read_the_channel_nor_send_or_reconnect_through_it()
    {
        // Given a bot connected by one org, with a user who wrote to it
        await using var kit = await TelegramKit.StartAsync("tenancy");
        var bot = kit.Fake.AddBot();
        var (_, _, owner) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(owner, bot);
        var ana = bot.PrivateChat();
        await kit.DeliverAsync(bot, bot.Text(ana, "hi"));
        await kit.IdleAsync(channel);
        var (_, _, other) = await kit.NewOrgAsync();

        // When another org asks for it, sends through it, or reconnects it
        var read = await other.GetAsync($"/api/v1/channels/{channel}");
        var capabilities = await other.GetAsync($"/api/v1/channels/{channel}/capabilities");
        var send = await other.PostAsJsonAsync($"/api/v1/channels/{channel}/messages",
            new { contact_identifier = $"telegram:{ana.Id}", content = new { type = "text", text = "hijack" } });
        var reconnect = await other.PostAsync($"/api/v1/channels/{channel}/reconnect", null);

        // Then the channel does not exist for it, nothing was sent, and the webhook did not move
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { read.StatusCode, capabilities.StatusCode, send.StatusCode, reconnect.StatusCode });
        await Task.Delay(500);
        Assert.Empty(kit.Fake.RequestsOf(bot, "sendMessage"));
        Assert.Single(kit.Fake.RequestsOf(bot, "setWebhook"));
        Assert.Empty(await kit.QueryAsync("select 1 from messaging.messages where direction = 'outbound'", r => r.GetInt32(0)));
        Assert.Empty((await other.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/channels")).GetProperty("items").EnumerateArray());
    }
}
