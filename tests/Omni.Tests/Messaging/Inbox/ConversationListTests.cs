using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>The inbox list (the ticket): ordered by last activity, a new message moves its conversation to
/// the top, a conversation that is not on the page is fetched by id, and the cursor walks every conversation
/// once, those without any message included.</summary>
public sealed class ConversationListTests
{
    [Fact]
    public async Task Conversations_are_listed_by_last_activity_newest_first_with_the_contact_name_and_channel_type()
    {
        // Given three visitors who wrote one after the other
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var first = await inbox.ReceiveAsync(channel, InboxKit.NewVisitor(), "first", name: "Ana", at: t0);
        var second = await inbox.ReceiveAsync(channel, InboxKit.NewVisitor(), "second", name: "Bruno", at: t0.AddMinutes(1));
        var third = await inbox.ReceiveAsync(channel, InboxKit.NewVisitor(), "third", name: "Carla", at: t0.AddMinutes(2));

        // When the inbox is listed
        var page = await inbox.Client.GetOkAsync(InboxKit.Conversations);

        // Then the most recent comes first, and each row says who and where without another request
        Assert.Equal([third, second, first], page.Ids());
        var top = page.GetProperty("items")[0];
        Assert.Equal("Carla", top.GetProperty("contact_name").GetString());
        Assert.Equal("web_widget", top.GetProperty("channel_type").GetString());
        Assert.Equal("third", top.GetProperty("last_message_preview").GetString());
        Assert.Equal(1, top.GetProperty("unread_count").GetInt32());
        Assert.Equal("open", top.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_new_message_moves_its_conversation_to_the_top()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var (oldVisitor, newVisitor) = (InboxKit.NewVisitor(), InboxKit.NewVisitor());
        var oldest = await inbox.ReceiveAsync(channel, oldVisitor, "old", at: t0);
        var newer = await inbox.ReceiveAsync(channel, newVisitor, "newer", at: t0.AddMinutes(1));
        Assert.Equal([newer, oldest], await inbox.Client.ListIdsAsync());

        // When the visitor of the older conversation writes again
        Assert.Equal(oldest, await inbox.ReceiveAsync(channel, oldVisitor, "I'm back"));
        var afterInbound = await inbox.Client.ListIdsAsync();
        // and then an agent answers the other one
        var (answered, _) = await inbox.SendAsync(channel, newVisitor, "On it");

        // Then each time the conversation with the new message is first
        Assert.Equal([oldest, newer], afterInbound);
        Assert.Equal(newer, answered);
        Assert.Equal([newer, oldest], await inbox.Client.ListIdsAsync());
        var top = await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{newer}");
        Assert.Equal("On it", top.GetProperty("last_message_preview").GetString());
    }

    [Fact]
    public async Task A_conversation_that_is_not_on_the_page_shown_is_fetched_by_id()
    {
        // Given more conversations than one page holds
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await inbox.ReceiveAsync(channel, InboxKit.NewVisitor(), $"m{i}", name: $"Visitor {i}", at: t0.AddMinutes(i)));
        var firstPage = await inbox.Client.ListIdsAsync("limit=2");
        Assert.DoesNotContain(ids[0], firstPage);

        // When the front end learns of a message in a conversation it does not show, and fetches that one
        var fetched = await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{ids[0]}");

        // Then it gets the whole row, as the list would show it
        Assert.Equal(ids[0], fetched.GetProperty("id").GetGuid());
        Assert.Equal("Visitor 0", fetched.GetProperty("contact_name").GetString());
        Assert.Equal("m0", fetched.GetProperty("last_message_preview").GetString());
        Assert.Equal(channel, fetched.GetProperty("channel_id").GetGuid());
    }

    [Fact]
    public async Task Walking_the_pages_returns_every_conversation_once_in_order_including_ones_without_messages_and_equal_times()
    {
        // Given 13 conversations: 5 share one activity time, 4 have distinct times, 4 have no message at all
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var all = new List<Guid>();
        for (var i = 0; i < 13; i++) all.Add(await inbox.ReceiveAsync(channel, InboxKit.NewVisitor(), $"m{i}"));
        var db = inbox.Api.Database;
        var same = DateTimeOffset.UtcNow.AddMinutes(-5);
        await db.AdminExecAsync("update messaging.conversations set last_message_at = $2 where id = any($1)", all.Take(5).ToArray(), same.UtcDateTime);
        for (var i = 5; i < 9; i++)
            await db.AdminExecAsync("update messaging.conversations set last_message_at = $2 where id = $1", all[i], same.AddMinutes(i).UtcDateTime);
        await db.AdminExecAsync("update messaging.conversations set last_message_at = null, last_message_preview = null where id = any($1)", all.Skip(9).ToArray());

        // When the list is walked 2 at a time
        var (walked, pages) = await inbox.Client.WalkAsync($"{InboxKit.Conversations}?limit=2");

        // Then every conversation comes exactly once, newest first, ties by id, undated ones last
        var expected = all.Skip(5).Take(4).Reverse()
            .Concat(all.Take(5).OrderByDescending(id => id.ToString(), StringComparer.Ordinal))
            .Concat(all.Skip(9).OrderByDescending(id => id.ToString(), StringComparer.Ordinal))
            .ToList();
        Assert.Equal(expected, walked);
        Assert.Equal(7, pages);

        // And so it does one at a time, where a cursor sits on the last dated conversation and then among undated ones
        var (oneByOne, onePages) = await inbox.Client.WalkAsync($"{InboxKit.Conversations}?limit=1&status=all");
        Assert.Equal(expected, oneByOne);
        Assert.Equal(13, onePages);
    }

    [Fact]
    public async Task A_cursor_the_api_did_not_issue_is_refused_with_400()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();

        var badFlag = new byte[25];
        badFlag[0] = 7;
        foreach (var cursor in new[] { "garbage", "AAAA", System.Buffers.Text.Base64Url.EncodeToString(badFlag), "not/base64!" })
        {
            var response = await inbox.Client.GetAsync($"{InboxKit.Conversations}?cursor={Uri.EscapeDataString(cursor)}");
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        }
    }
}
