using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Instagram;

public sealed class InstagramSendFailureTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    [Fact]
    public async Task A_throttled_send_is_tried_again_and_sent_once_without_using_up_an_attempt()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.FailNextSends(InstagramFailure.Throttled(613));

        var message = await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = "Hello" }));

        Assert.Equal("sent", message.Status);
        Assert.Equal([400, 200], f.SendsFor(channel).Select(c => c.Status));
        Assert.Equal(message.ExternalId, Assert.Single(f.SendsFor(channel), c => c.MessageId is not null).MessageId);
        Assert.Equal(1, await SendJobAttemptsAsync(message.Id));
    }

    [Fact]
    public async Task A_throttled_send_waits_as_long_as_instagram_says_before_trying_again()
    {
        // Given Instagram says access comes back in 5 minutes
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.FailNextSends(InstagramFailure.Throttled(4, regainMinutes: 5));

        var id = await f.QueueAsync(channel, conversation, new { type = "text", content = "Hello" });

        // Then the send is deferred by about that long, the message still queued
        await f.EventuallyAsync(async () => await f.CountAsync("""
            select count(*) from omni.jobs
            where type = 'messaging.send' and payload->>'message_id' = $1 and status = 'pending' and run_at > now() + interval '4 minutes'
            """, id.ToString()) == 1, "the send to be deferred");
        Assert.Equal("queued", (await f.MessageAsync(id))!.Status);
        Assert.Single(f.SendsFor(channel));
    }

    [Fact]
    public async Task A_send_while_instagram_is_down_is_retried_and_sent_exactly_once_when_it_is_back()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.Down = true;
        Guid id;
        try
        {
            id = await f.QueueAsync(channel, conversation, new { type = "text", content = "Are you there?" });
            await f.EventuallyAsync(async () => { await Task.CompletedTask; return f.SendsFor(channel).Count >= 2; }, "two tries while down");
            Assert.Equal("queued", (await f.MessageAsync(id))!.Status);
        }
        finally
        {
            f.Fake.Down = false;
        }

        var message = await f.SettledAsync(id);
        Assert.Equal("sent", message.Status);
        Assert.Equal(message.ExternalId, Assert.Single(f.SendsFor(channel), c => c.MessageId is not null).MessageId);
        Assert.All(f.SendsFor(channel).SkipLast(1), c => Assert.Equal(503, c.Status));
    }

    [Fact]
    public async Task A_transient_graph_error_and_a_dropped_connection_are_retried_and_the_message_sent_once()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.FailNextSends(InstagramFailure.ServiceUnavailable(), InstagramFailure.ConnectionDropped());

        var message = await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = "Hello" }));

        Assert.Equal("sent", message.Status);
        Assert.Equal([503, 0, 200], f.SendsFor(channel).Select(c => c.Status));
    }

    [Fact]
    public async Task A_token_instagram_refuses_at_send_fails_the_message_and_puts_the_channel_in_error()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.RevokeToken(channel.Account);

        var message = await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = "Hello" }));

        Assert.Equal(("failed", "credentials_rejected"), (message.Status, message.ErrorCode));
        Assert.Single(f.SendsFor(channel));
        using var client = f.Api.Client(channel.Owner.Token, channel.OrgId);
        var got = await (await client.GetAsync($"/api/v1/channels/{channel.Id}")).ReadJsonAsync();
        Assert.Equal("error", got.GetProperty("status").GetString());
        Assert.Contains("190", got.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_refusal_fails_the_message_with_instagrams_code_and_message()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.FailNextSends(InstagramFailure.UserUnavailable());

        var message = await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = "Hello" }));

        Assert.Equal(("failed", "instagram_551"), (message.Status, message.ErrorCode));
        Assert.Contains("isn't available right now", message.ErrorText, StringComparison.Ordinal);
        Assert.Single(f.SendsFor(channel));
    }

    private async Task<long> SendJobAttemptsAsync(Guid messageId) => await f.Api.Database.AdminScalarAsync<int>(
        "select attempts from omni.jobs where type = 'messaging.send' and payload->>'message_id' = $1", messageId.ToString());
}
