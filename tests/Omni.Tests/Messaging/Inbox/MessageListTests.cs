using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>A conversation's messages: newest first, older pages with <c>before</c>, newer ones with
/// <c>after</c> (catching up when a message arrives), attachments with every message, one message by id.</summary>
public sealed class MessageListTests
{
    private static string Messages(Guid conversation) => $"{InboxKit.Conversations}/{conversation}/messages";

    [Fact]
    public async Task Messages_come_newest_first_and_before_pages_through_every_older_one_once()
    {
        // Given a conversation of 7 messages, two of them at the same instant
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var visitor = InboxKit.NewVisitor();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var conversation = await inbox.ReceiveAsync(channel, visitor, "m0", at: t0);
        for (var i = 1; i < 6; i++) await inbox.ReceiveAsync(channel, visitor, $"m{i}", at: t0.AddMinutes(i));
        await inbox.ReceiveAsync(channel, visitor, "m6", at: t0.AddMinutes(5));
        var stored = await inbox.Client.GetOkAsync($"{Messages(conversation)}?limit=200");

        // When it is read 3 at a time
        var (walked, pages) = await inbox.Client.WalkAsync($"{Messages(conversation)}?limit=3", "before");

        // Then every message comes once, newest first (ties by id)
        var texts = stored.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(7, texts.Count);
        Assert.Equal(["m4", "m3", "m2", "m1", "m0"], texts[2..]);
        Assert.Equal(new HashSet<string?> { "m5", "m6" }, texts[..2].ToHashSet());
        Assert.Equal(stored.Ids(), walked);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task After_gives_the_messages_that_came_after_the_newest_one_shown_oldest_first()
    {
        // Given a front end showing the first page of a conversation
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var visitor = InboxKit.NewVisitor();
        var conversation = await inbox.ReceiveAsync(channel, visitor, "first", at: DateTimeOffset.UtcNow.AddMinutes(-5));
        await inbox.ReceiveAsync(channel, visitor, "second", at: DateTimeOffset.UtcNow.AddMinutes(-4));
        var newestShown = (await inbox.Client.GetOkAsync(Messages(conversation))).Ids()[0];
        Assert.Empty((await inbox.Client.GetOkAsync($"{Messages(conversation)}?after={newestShown}")).Ids());

        // When two new messages arrive (the visitor's, then the agent's reply)
        await inbox.ReceiveAsync(channel, visitor, "third");
        var (_, reply) = await inbox.SendAsync(channel, visitor, "fourth");

        // Then after= the newest shown gives just those, in the order they happened, and pages on forwards
        var newer = await inbox.Client.GetOkAsync($"{Messages(conversation)}?after={newestShown}");
        Assert.Equal(["third", "fourth"], newer.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(reply, newer.Ids()[1]);
        Assert.Equal(JsonValueKind.Null, newer.GetProperty("next_cursor").ValueKind);
        var (forwards, _) = await inbox.Client.WalkAsync($"{Messages(conversation)}?limit=1", "after", from: newestShown.ToString());
        Assert.Equal(newer.Ids(), forwards);
    }

    [Fact]
    public async Task Each_message_comes_with_its_attachments()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var visitor = InboxKit.NewVisitor();
        var conversation = await inbox.ReceiveAsync(channel, visitor, "look");
        var sent = await inbox.SendRawAsync(channel, visitor, new { type = "image", text = "our catalogue", media_url = "https://cdn.example.com/catalogue.jpg" });
        await inbox.SendAsync(channel, visitor, "anything else?");

        var page = await inbox.Client.GetOkAsync(Messages(conversation));

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(0, items[0].GetProperty("attachments").GetArrayLength());
        var image = Assert.Single(items[1].GetProperty("attachments").EnumerateArray());
        Assert.Equal(sent.GetProperty("id").GetGuid(), items[1].GetProperty("id").GetGuid());
        Assert.Equal("image", image.GetProperty("kind").GetString());
        Assert.Equal("linked", image.GetProperty("status").GetString());
        Assert.Equal("https://cdn.example.com/catalogue.jpg", image.GetProperty("url").GetString());
        Assert.Equal(sent.GetProperty("attachments")[0].GetProperty("id").GetGuid(), image.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_message_is_fetched_by_id_within_its_conversation_only()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var (conversation, message) = await inbox.SendAsync(channel, InboxKit.NewVisitor(), "hello there");
        var (other, _) = await inbox.SendAsync(channel, InboxKit.NewVisitor(), "elsewhere");

        var fetched = await inbox.Client.GetOkAsync($"{Messages(conversation)}/{message}");
        var wrongConversation = await inbox.Client.GetAsync($"{Messages(other)}/{message}");

        Assert.Equal("hello there", fetched.GetProperty("content").GetString());
        Assert.Equal("outbound", fetched.GetProperty("direction").GetString());
        Assert.Equal(HttpStatusCode.NotFound, wrongConversation.StatusCode);
    }

    [Fact]
    public async Task An_anchor_that_is_not_a_message_of_the_conversation_is_refused_and_a_missing_conversation_is_404()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var (conversation, _) = await inbox.SendAsync(channel, InboxKit.NewVisitor());
        var (_, elsewhere) = await inbox.SendAsync(channel, InboxKit.NewVisitor());

        await (await inbox.Client.GetAsync($"{Messages(conversation)}?before={elsewhere}")).AssertInvalidAsync("before");
        await (await inbox.Client.GetAsync($"{Messages(conversation)}?after={Guid.NewGuid()}")).AssertInvalidAsync("after");
        await (await inbox.Client.GetAsync($"{Messages(conversation)}?after={elsewhere}&before={elsewhere}")).AssertInvalidAsync("after");
        Assert.Equal(HttpStatusCode.NotFound, (await inbox.Client.GetAsync(Messages(Guid.NewGuid()))).StatusCode);
    }

    [Fact]
    public async Task Private_notes_are_listed_but_do_not_change_the_conversations_last_activity()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var (conversation, _) = await inbox.SendAsync(channel, InboxKit.NewVisitor(), "public");
        var note = await inbox.Client.PostAsJsonAsync(Messages(conversation), new { type = "text", content = "customer is VIP", @private = true });
        Assert.Equal(HttpStatusCode.Accepted, note.StatusCode);

        var page = await inbox.Client.GetOkAsync(Messages(conversation));
        var row = await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{conversation}");

        Assert.True(page.GetProperty("items")[0].GetProperty("private").GetBoolean());
        Assert.Equal("public", row.GetProperty("last_message_preview").GetString());
    }
}
