using System.Net;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Instagram;

public sealed class InstagramSendTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    [Fact]
    public async Task A_text_reply_goes_to_the_contacts_igsid_and_is_recorded_with_instagrams_message_id()
    {
        // Given a customer who wrote
        var channel = await f.ConnectChannelAsync();
        var (igsid, conversation, _) = await f.ContactWritesAsync(channel);

        // When an agent replies
        var id = await f.QueueAsync(channel, conversation, new { type = "text", content = "Yes, it is!" });

        // Then Instagram got the Send API call, and the message is sent under Instagram's id
        var message = await f.SettledAsync(id);
        var call = Assert.Single(f.SendsFor(channel));
        Assert.Equal(("sent", call.MessageId), (message.Status, message.ExternalId));
        Assert.Equal($"Bearer {channel.Account.Token}", call.Authorization);
        var body = call.Json!;
        Assert.Equal(igsid, body["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("Yes, it is!", body["message"]!["text"]!.GetValue<string>());
        Assert.Equal("RESPONSE", body["messaging_type"]!.GetValue<string>());
        Assert.Equal(("outbound", "agent"), (message.Direction, message.SenderType));
    }

    [Fact]
    public async Task An_image_goes_by_its_url_and_its_caption_follows_as_text()
    {
        var channel = await f.ConnectChannelAsync();
        var (igsid, conversation, _) = await f.ContactWritesAsync(channel);

        var id = await f.QueueAsync(channel, conversation, new { type = "image", media_url = "https://cdn.example.com/catalog/blue.jpg", content = "The blue one" });

        var message = await f.SettledAsync(id);
        await f.EventuallyAsync(async () => { await Task.CompletedTask; return f.SendsFor(channel).Count == 2; }, "the caption to be sent");
        var (image, caption) = (f.SendsFor(channel)[0], f.SendsFor(channel)[1]);
        Assert.Equal(("sent", image.MessageId), (message.Status, message.ExternalId));
        Assert.Equal("image", image.Json!["message"]!["attachment"]!["type"]!.GetValue<string>());
        Assert.Equal("https://cdn.example.com/catalog/blue.jpg", image.Json!["message"]!["attachment"]!["payload"]!["url"]!.GetValue<string>());
        Assert.Equal(igsid, caption.Json!["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("The blue one", caption.Json!["message"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_seen_event_marks_the_sent_message_read()
    {
        var channel = await f.ConnectChannelAsync();
        var (igsid, conversation, _) = await f.ContactWritesAsync(channel);
        var sent = await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = "Here you go" }));

        await f.Fake.DeliverAsync(InstagramEvents.Envelope(channel.Account.Id, InstagramEvents.Seen(channel.Account.Id, igsid, sent.ExternalId!)));

        await f.EventuallyAsync(async () => (await f.MessageAsync(sent.Id))!.Status == "read", "the message to be read");
    }

    [Fact]
    public async Task The_echo_of_a_message_we_sent_adds_nothing_to_the_conversation()
    {
        // Given Instagram echoes every message the account sends
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.EchoSends = true;
        try
        {
            // When a reply is sent and its echo comes back
            await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = "Echo me" }));
            await f.WebhooksProcessedAsync(channel.Id, 2);
        }
        finally
        {
            f.Fake.EchoSends = false;
        }

        // Then the conversation has the customer's message and our reply, once each, and one contact
        var messages = await f.MessagesAsync(channel.Id);
        Assert.Equal(["inbound", "outbound"], messages.Select(m => m.Direction));
        Assert.Equal(1, await f.CountAsync("select count(*) from contacts.contact_identifiers where org_id = $1", channel.OrgId));
    }

    [Fact]
    public async Task A_free_form_message_more_than_24_hours_after_the_contact_wrote_is_409_window_closed_and_instagram_is_not_called()
    {
        // Given a customer whose last message is 25 hours old
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel, at: DateTimeOffset.UtcNow.AddHours(-25));

        // When an agent replies
        var response = await f.SendAsync(channel, conversation, new { type = "text", content = "Still there?" });

        // Then it is refused up front, nothing is queued and Instagram hears nothing
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("window_closed", problem.GetProperty("code").GetString());
        // Instagram has no templates: the refusal does not suggest one
        Assert.DoesNotContain("Send an approved template", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no templates", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["inbound"], (await f.MessagesAsync(channel.Id)).Select(m => m.Direction));
        await Task.Delay(300);
        Assert.Empty(f.SendsFor(channel));
    }

    [Fact]
    public async Task When_instagram_says_the_window_has_closed_the_message_fails_with_window_closed()
    {
        // Given we think the window is open but Instagram's clock says the customer wrote over a day ago
        var channel = await f.ConnectChannelAsync();
        var (igsid, conversation, _) = await f.ContactWritesAsync(channel);
        f.Fake.SetLastInbound(channel.Account, igsid, DateTimeOffset.UtcNow.AddHours(-25));

        var message = await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = "Hello?" }));

        Assert.Equal(("failed", "window_closed"), (message.Status, message.ErrorCode));
        Assert.Contains("2534022", message.ErrorText, StringComparison.Ordinal);
        Assert.Single(f.SendsFor(channel));
        using var client = f.Api.Client(channel.Owner.Token, channel.OrgId);
        Assert.Equal("active", (await (await client.GetAsync($"/api/v1/channels/{channel.Id}")).ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_text_longer_than_instagram_takes_is_refused_up_front_while_its_limit_counts_characters_not_utf16_units()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);

        var tooLong = await f.SendAsync(channel, conversation, new { type = "text", content = new string('a', 1001) });
        var emoji = await f.SettledAsync(await f.QueueAsync(channel, conversation, new { type = "text", content = string.Concat(Enumerable.Repeat("😀", 1000)) }));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("text_too_long", (await tooLong.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal("sent", emoji.Status);
        Assert.Single(f.SendsFor(channel));
        Assert.Equal(["inbound", "outbound"], (await f.MessagesAsync(channel.Id)).Select(m => m.Direction).Order());
    }
}
