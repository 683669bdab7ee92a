using System.Net;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Instagram;

public sealed class InstagramInboundTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    [Fact]
    public async Task A_text_message_makes_the_contact_by_igsid_its_conversation_and_the_message_at_the_events_time()
    {
        // Given a connected account
        var channel = await f.ConnectChannelAsync();
        var igsid = InstagramEvents.NewIgsid();
        var mid = InstagramEvents.NewMid();
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        at = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

        // When a customer writes to it
        var response = await f.Fake.DeliverAsync(InstagramEvents.Envelope(channel.Account.Id,
            InstagramEvents.Text(channel.Account.Id, igsid, "Hi! Is the blue one in stock?", mid, at)));

        // Then the webhook is answered 200 and processed into a contact, a conversation and the message
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await f.WebhooksProcessedAsync(channel.Id, 1);
        var message = Assert.Single(await f.MessagesAsync(channel.Id));
        Assert.Equal(("inbound", "text", "contact", "delivered"), (message.Direction, message.Type, message.SenderType, message.Status));
        Assert.Equal("Hi! Is the blue one in stock?", message.Content);
        Assert.Equal(mid, message.ExternalId);
        Assert.Equal(at, message.SentAt);

        var contact = await f.Api.Database.AdminScalarAsync<Guid>(
            "select contact_id from contacts.contact_identifiers where org_id = $1 and type = 'instagram' and value = $2", channel.OrgId, igsid);
        Assert.Equal(1, await f.CountAsync(
            "select count(*) from messaging.contact_inboxes where channel_id = $1 and source_id = $2 and contact_id = $3", channel.Id, igsid, contact));
        Assert.Equal(1, await f.CountAsync("""
            select count(*) from messaging.conversations
            where id = $1 and contact_id = $2 and status = 'open' and unread_count = 1 and last_inbound_at = $3
            """, message.ConversationId, contact, at.UtcDateTime));
    }

    [Fact]
    public async Task A_redelivered_message_is_stored_once()
    {
        var channel = await f.ConnectChannelAsync();
        var body = InstagramEvents.Envelope(channel.Account.Id, InstagramEvents.Text(channel.Account.Id, InstagramEvents.NewIgsid(), "once"));

        Assert.Equal(HttpStatusCode.OK, (await f.Fake.DeliverAsync(body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Fake.DeliverAsync(body)).StatusCode);

        await f.WebhooksProcessedAsync(channel.Id, 2);
        var message = Assert.Single(await f.MessagesAsync(channel.Id));
        Assert.Equal(1, await f.CountAsync("select unread_count::bigint from messaging.conversations where id = $1", message.ConversationId));
        Assert.Equal(1, await f.CountAsync("select count(*) from contacts.contact_identifiers where org_id = $1", channel.OrgId));
    }

    [Fact]
    public async Task An_echo_of_a_message_our_account_sent_makes_no_contact_and_no_message()
    {
        // Given a message typed in the Instagram app by the business: its echo has our account as sender
        var channel = await f.ConnectChannelAsync();
        var igsid = InstagramEvents.NewIgsid();

        var response = await f.Fake.DeliverAsync(InstagramEvents.Envelope(channel.Account.Id,
            InstagramEvents.Echo(channel.Account.Id, igsid, InstagramEvents.NewMid(), "Yes, it is!")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await f.WebhooksProcessedAsync(channel.Id, 1);
        Assert.Empty(await f.MessagesAsync(channel.Id));
        Assert.Equal(0, await f.CountAsync("select count(*) from contacts.contact_identifiers where org_id = $1", channel.OrgId));
        Assert.Equal(0, await f.CountAsync("select count(*) from messaging.contact_inboxes where channel_id = $1", channel.Id));
    }

    [Fact]
    public async Task Replies_quick_replies_and_postbacks_keep_what_they_answer()
    {
        var channel = await f.ConnectChannelAsync();
        var (igsid, _, firstMid) = await f.ContactWritesAsync(channel, "Do you have it in blue?");
        var account = channel.Account.Id;
        var reply = InstagramEvents.NewMid();
        var quick = InstagramEvents.NewMid();
        var postback = InstagramEvents.NewMid();

        await f.Fake.DeliverAsync(InstagramEvents.Envelope(account,
            InstagramEvents.Text(account, igsid, "see this", reply, replyToMid: firstMid),
            InstagramEvents.Text(account, igsid, "Blue", quick, quickReplyPayload: "COLOR_BLUE"),
            InstagramEvents.Postback(account, igsid, postback, "Talk to a human", "HUMAN")));

        await f.WebhooksProcessedAsync(channel.Id, 2);
        var replied = await f.MessageByExternalIdAsync(channel.Id, reply);
        Assert.Equal(firstMid, replied!.Attributes.GetProperty("in_reply_to_external_id").GetString());
        var quickReply = await f.MessageByExternalIdAsync(channel.Id, quick);
        Assert.Equal("COLOR_BLUE", quickReply!.Attributes.GetProperty("quick_reply_payload").GetString());
        var button = await f.MessageByExternalIdAsync(channel.Id, postback);
        Assert.Equal(("text", "Talk to a human"), (button!.Type, button.Content));
        Assert.Equal("HUMAN", button.Attributes.GetProperty("postback_payload").GetString());
    }

    [Fact]
    public async Task Reactions_edits_deletions_referrals_and_unsupported_messages_are_processed_without_error()
    {
        // Given a stored message
        var channel = await f.ConnectChannelAsync();
        var (igsid, _, mid) = await f.ContactWritesAsync(channel, "original text");
        var account = channel.Account.Id;
        var unsupported = InstagramEvents.NewMid();

        // When every other kind of event arrives about it
        var response = await f.Fake.DeliverAsync(InstagramEvents.Envelope(account,
            InstagramEvents.Reaction(account, igsid, mid),
            InstagramEvents.Edit(account, igsid, mid, "edited text"),
            InstagramEvents.Deleted(account, igsid, mid),
            InstagramEvents.Deleted(account, igsid, InstagramEvents.NewMid()),
            InstagramEvents.Referral(account, igsid),
            InstagramEvents.Seen(account, igsid, InstagramEvents.NewMid()),
            InstagramEvents.Unsupported(account, igsid, unsupported)));

        // Then the delivery is processed cleanly: the original message stays as it was, an unsupported one is kept as such
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await f.WebhooksProcessedAsync(channel.Id, 2);
        var messages = await f.MessagesAsync(channel.Id);
        Assert.Equal(2, messages.Count);
        Assert.Equal("original text", messages.Single(m => m.ExternalId == mid).Content);
        Assert.Equal("unsupported", messages.Single(m => m.ExternalId == unsupported).Type);
    }

    [Fact]
    public async Task A_delivery_that_is_not_instagrams_is_recorded_as_unreadable_and_stores_no_message()
    {
        // Given a correctly signed body of another Meta product addressed to the account
        var channel = await f.ConnectChannelAsync();
        var body = $$"""{"object":"page","entry":[{"id":"{{channel.Account.Id}}","time":1732170000123,"messaging":[]}]}""";

        var response = await f.Fake.DeliverAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await f.EventuallyAsync(async () => await f.CountAsync(
            "select count(*) from channels.webhook_events where channel_id = $1 and processed_at is not null and error like 'unreadable%'", channel.Id) == 1,
            "the webhook to be marked unreadable");
        Assert.Empty(await f.MessagesAsync(channel.Id));
    }
}
