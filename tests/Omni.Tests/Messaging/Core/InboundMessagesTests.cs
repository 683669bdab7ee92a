using Omni.Messaging.Contracts;
using Omni.Tests.Infrastructure;
using static Omni.Tests.Messaging.Core.MessagingKit;

namespace Omni.Tests.Messaging.Core;

/// <summary>What a webhook's messages do to the inbox, whichever platform they came from.</summary>
public sealed class InboundMessagesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_first_message_from_a_new_sender_opens_one_conversation_with_one_unread_message()
    {
        // Given a channel and a sender the org has never heard from
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();

        // When their message arrives
        await api.ReceiveAsync(org, channel, [Text("m-1", "visitor-1", "Do you ship to Lisbon?", Noon)]);

        // Then there is a contact, one open conversation showing it, and the message itself
        var conversation = await api.ConversationAsync(Assert.Single(await api.ConversationIdsAsync(channel)));
        Assert.Equal(("open", 1, "Do you ship to Lisbon?", Noon, Noon),
            (conversation.Status, conversation.UnreadCount, conversation.Preview, conversation.LastMessageAt, conversation.LastInboundAt));
        Assert.Equal(1, await api.CountAsync("select count(*) from contacts.contacts where id = $1 and org_id = $2", conversation.ContactId, org));
        Assert.Equal(1, await api.CountAsync(
            "select count(*) from messaging.messages where conversation_id = $1 and direction = 'inbound' and external_id = 'm-1' and sender_id = $2",
            conversation.Id, conversation.ContactId));
    }

    [Fact]
    public async Task A_redelivered_webhook_stores_nothing_twice_and_counts_nothing_twice()
    {
        // Given two messages received
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        InboundMessage[] batch = [Text("r-1", "visitor-2", "one", Noon), Text("r-2", "visitor-2", "two", Noon.AddSeconds(1))];
        await api.ReceiveAsync(org, channel, batch);

        // When the platform delivers the same webhook again (and the same message twice within one)
        await api.ReceiveAsync(org, channel, [.. batch, batch[0]]);

        // Then the messages and the unread count are as after the first delivery
        var conversation = await api.ConversationAsync(Assert.Single(await api.ConversationIdsAsync(channel)));
        Assert.Equal(2, conversation.UnreadCount);
        Assert.Equal(2, await api.CountAsync("select count(*) from messaging.messages where channel_id = $1", channel));
        Assert.Equal(1, await api.CountAsync("select count(*) from contacts.contacts where org_id = $1", org));
    }

    [Fact]
    public async Task Concurrent_webhooks_from_one_new_sender_end_in_one_contact_and_one_conversation()
    {
        // Given a sender who writes eight messages that arrive in eight webhooks processed at once
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();

        // When they are stored concurrently, each in its own transaction
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            api.ReceiveAsync(org, channel, [Text($"c-{i}", "visitor-3", $"message {i}", Noon.AddSeconds(i))])));

        // Then no race made a second contact, contact inbox or open conversation, and every message is there
        var conversation = await api.ConversationAsync(Assert.Single(await api.ConversationIdsAsync(channel)));
        Assert.Equal((8, "message 7"), (conversation.UnreadCount, conversation.Preview));
        Assert.Equal(1, await api.CountAsync("select count(*) from contacts.contacts where org_id = $1", org));
        Assert.Equal(1, await api.CountAsync("select count(*) from messaging.contact_inboxes where channel_id = $1", channel));
        Assert.Equal(8, await api.CountAsync("select count(*) from messaging.messages where conversation_id = $1", conversation.Id));
    }

    [Fact]
    public async Task A_message_that_arrives_late_does_not_replace_the_newer_preview()
    {
        // Given a conversation whose last message was sent at noon
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        await api.ReceiveAsync(org, channel, [Text("l-2", "visitor-4", "the newer one", Noon)]);

        // When a message sent a minute earlier is delivered after it
        await api.ReceiveAsync(org, channel, [Text("l-1", "visitor-4", "the older one", Noon.AddMinutes(-1))]);

        // Then it is stored and counted, but the conversation still shows the newer message
        var conversation = await api.ConversationAsync(Assert.Single(await api.ConversationIdsAsync(channel)));
        Assert.Equal((2, "the newer one", Noon, Noon),
            (conversation.UnreadCount, conversation.Preview, conversation.LastMessageAt, conversation.LastInboundAt));
    }

    [Fact]
    public async Task A_snoozed_conversation_wakes_up_when_the_contact_writes()
    {
        // Given a snoozed conversation
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        await api.ReceiveAsync(org, channel, [Text("s-1", "visitor-5", "hi", Noon)]);
        var id = Assert.Single(await api.ConversationIdsAsync(channel));
        await api.Database.AdminExecAsync(
            "update messaging.conversations set status = 'snoozed', snoozed_until = now() + interval '3 days' where id = $1", id);

        // When the contact writes again
        await api.ReceiveAsync(org, channel, [Text("s-2", "visitor-5", "anyone there?", Noon.AddHours(1))]);

        // Then the same conversation is open again, no longer snoozed
        Assert.Equal(id, Assert.Single(await api.ConversationIdsAsync(channel)));
        Assert.Equal("open", (await api.ConversationAsync(id)).Status);
        Assert.Equal(0, await api.CountAsync("select count(*) from messaging.conversations where id = $1 and snoozed_until is not null", id));
    }

    [Fact]
    public async Task A_contact_who_writes_after_their_conversation_was_resolved_starts_a_new_one()
    {
        // Given a resolved conversation
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        await api.ReceiveAsync(org, channel, [Text("n-1", "visitor-6", "thanks, solved", Noon)]);
        var resolved = Assert.Single(await api.ConversationIdsAsync(channel));
        await api.Database.AdminExecAsync("update messaging.conversations set status = 'resolved' where id = $1", resolved);

        // When they write again
        await api.ReceiveAsync(org, channel, [Text("n-2", "visitor-6", "one more question", Noon.AddDays(1))]);

        // Then a new open conversation holds the new message and the resolved one is left as it was
        var ids = await api.ConversationIdsAsync(channel);
        Assert.Equal(2, ids.Count);
        var fresh = await api.ConversationAsync(ids.Single(i => i != resolved));
        Assert.Equal(("open", 1, "one more question"), (fresh.Status, fresh.UnreadCount, fresh.Preview));
        Assert.Equal(("resolved", "thanks, solved"), ((await api.ConversationAsync(resolved)).Status, (await api.ConversationAsync(resolved)).Preview));
    }
}
