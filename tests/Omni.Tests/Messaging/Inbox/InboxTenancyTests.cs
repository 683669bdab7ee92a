using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>Another org sees none of an org's inbox: empty lists, 404 for every id, and no changes.</summary>
public sealed class InboxTenancyTests
{
    [Fact]
    public async Task Another_org_sees_none_of_the_inbox_and_changes_nothing()
    {
        // Given an org with a conversation, a message and a stored attachment
        var api = await TestApi.Shared;
        var inbox = await api.NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var visitor = InboxKit.NewVisitor();
        var conversation = await inbox.ReceiveAsync(channel, visitor, "private matter", name: "Secret Customer");
        var (_, message) = await inbox.SendAsync(channel, visitor, "answer");
        var attachment = await AttachmentContentTests.StoredAttachmentAsync(inbox, [1, 2, 3], "image", "image/png");
        var contact = (await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{conversation}")).GetProperty("contact_id").GetGuid();

        // When a member of another org looks for it, by list, search, filter and id
        var other = await api.NewInboxAsync();
        var c = other.Client;
        Assert.Empty(await c.ListIdsAsync("status=all"));
        Assert.Empty(await c.ListIdsAsync("q=secret&status=all"));
        Assert.Empty(await c.ListIdsAsync($"contact_id={contact}&status=all"));
        Assert.Empty(await c.ListIdsAsync($"channel_id={channel}&status=all"));
        var url = $"{InboxKit.Conversations}/{conversation}";
        foreach (var response in new[]
                 {
                     await c.GetAsync(url),
                     await c.GetAsync($"{url}/messages"),
                     await c.GetAsync($"{url}/messages/{message}"),
                     await c.PatchJsonAsync(url, """{"status":"resolved","labels":["pwned"]}"""),
                     await c.PostAsync($"{url}/read", null),
                     await c.GetAsync($"/api/v1/contacts/{contact}/conversations"),
                     await c.GetAsync($"/api/v1/attachments/{attachment}/content"),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Then the conversation is as it was
        var row = await inbox.Client.GetOkAsync(url);
        Assert.Equal("open", row.GetProperty("status").GetString());
        Assert.Equal(0, row.GetProperty("labels").GetArrayLength());
        Assert.Equal(1, row.GetProperty("unread_count").GetInt32());
    }
}
