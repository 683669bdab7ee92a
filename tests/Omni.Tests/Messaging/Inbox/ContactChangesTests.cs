using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Storage;
using Omni.Tests.Infrastructure;
using Omni.Tests.Messaging.Outbound;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>The inbox follows Contacts: a merge moves the source contact's history to the target (and joins
/// two open conversations on one channel into one), a rename shows in the conversation list.</summary>
public sealed class ContactChangesTests
{
    private static async Task<Guid> ContactAsync(InboxOrg inbox, string name, string visitor) =>
        (await inbox.Client.CreateContactAsync(new { name, identifiers = new[] { new { type = "external", value = visitor } } })).GetProperty("id").GetGuid();

    private static async Task MergeAsync(InboxOrg inbox, Guid target, Guid source)
    {
        var response = await inbox.Client.PostAsJsonAsync($"/api/v1/contacts/{target}/merge", new { source_contact_id = source });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task WaitAsync(InboxOrg inbox, Func<Task<bool>> done) =>
        InboxKit.EventuallyAsync(done, async () => "merge not applied; jobs: " + await inbox.Api.Database.AdminScalarAsync<string>(
            "select coalesce(string_agg(type || '/' || status || ' ' || coalesce(last_error, ''), '; '), 'none') from omni.jobs where org_id = $1", inbox.OrgId));

    [Fact]
    public async Task A_merge_moves_the_source_contacts_conversations_to_the_target_and_its_visitor_keeps_writing_there()
    {
        // Given a source contact with an open conversation on one channel and a resolved one on another
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var (channelA, channelB) = (await inbox.CreateWebChannelAsync("A"), await inbox.CreateWebChannelAsync("B"));
        var (sourceVisitor, targetVisitor) = (InboxKit.NewVisitor(), InboxKit.NewVisitor());
        var source = await ContactAsync(inbox, "Maria (old)", sourceVisitor);
        var target = await ContactAsync(inbox, "Maria Silva", targetVisitor);
        var open = await inbox.ReceiveAsync(channelA, sourceVisitor, "hello");
        var resolved = await inbox.ReceiveAsync(channelB, sourceVisitor, "older matter");
        await inbox.Client.PatchOkAsync($"{InboxKit.Conversations}/{resolved}", """{"status":"resolved"}""");

        // When the source is merged into the target
        await MergeAsync(inbox, target, source);

        // Then both conversations belong to the target, under its name, and the source has none
        await WaitAsync(inbox, async () => (await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{open}")).GetProperty("contact_id").GetGuid() == target);
        var ofTarget = await inbox.Client.GetOkAsync($"/api/v1/contacts/{target}/conversations");
        Assert.Equal([resolved, open], ofTarget.Ids());
        Assert.All(ofTarget.GetProperty("items").EnumerateArray(), c => Assert.Equal("Maria Silva", c.GetProperty("contact_name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await inbox.Client.GetAsync($"/api/v1/contacts/{source}/conversations")).StatusCode);
        Assert.Empty(await inbox.Client.ListIdsAsync($"contact_id={source}&status=all"));
        var message = (await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{open}/messages")).GetProperty("items")[0];
        Assert.Equal(target, message.GetProperty("sender_id").GetGuid());

        // And the visitor's next message continues the same conversation
        Assert.Equal(open, await inbox.ReceiveAsync(channelA, sourceVisitor, "still me"));
    }

    [Fact]
    public async Task When_both_contacts_have_an_open_conversation_on_the_same_channel_they_become_one()
    {
        // Given the target's open conversation (assigned, 1 unread) and the source's newer one (2 unread, labelled)
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var (sourceVisitor, targetVisitor) = (InboxKit.NewVisitor(), InboxKit.NewVisitor());
        var source = await ContactAsync(inbox, "Jo (web)", sourceVisitor);
        var target = await ContactAsync(inbox, "Joana", targetVisitor);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var kept = await inbox.ReceiveAsync(channel, targetVisitor, "from the target", at: t0);
        var merged = await inbox.ReceiveAsync(channel, sourceVisitor, "from the source", at: t0.AddMinutes(1));
        await inbox.ReceiveAsync(channel, sourceVisitor, "source again", at: t0.AddMinutes(2));
        await inbox.Client.PatchOkAsync($"{InboxKit.Conversations}/{kept}", $$"""{"assignee_id":"{{inbox.Owner.Id}}","priority":"low","labels":["lead"]}""");
        await inbox.Client.PatchOkAsync($"{InboxKit.Conversations}/{merged}", """{"status":"pending","priority":"high","labels":["vip"]}""");

        // When the source is merged into the target
        await MergeAsync(inbox, target, source);

        // Then the target's conversation holds all three messages and what both knew; the source's is gone
        await WaitAsync(inbox, async () => (await inbox.Client.GetAsync($"{InboxKit.Conversations}/{merged}")).StatusCode == HttpStatusCode.NotFound);
        Assert.Equal([kept], await inbox.Client.ListIdsAsync("status=all"));
        var row = await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{kept}");
        Assert.Equal(3, row.GetProperty("unread_count").GetInt32());
        Assert.Equal("source again", row.GetProperty("last_message_preview").GetString());
        Assert.Equal(t0.AddMinutes(2).ToUnixTimeMilliseconds(), row.GetProperty("last_message_at").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(["lead", "vip"], row.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(inbox.Owner.Id, row.GetProperty("assignee_id").GetGuid());
        Assert.Equal("high", row.GetProperty("priority").GetString());
        Assert.Equal("open", row.GetProperty("status").GetString());
        Assert.Equal("Joana", row.GetProperty("contact_name").GetString());
        var messages = await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{kept}/messages");
        Assert.Equal(["source again", "from the source", "from the target"],
            messages.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.All(messages.GetProperty("items").EnumerateArray(), m => Assert.Equal(target, m.GetProperty("sender_id").GetGuid()));

        // And both visitors now write into it
        Assert.Equal(kept, await inbox.ReceiveAsync(channel, sourceVisitor, "hi"));
        Assert.Equal(kept, await inbox.ReceiveAsync(channel, targetVisitor, "hi too"));
    }

    [Fact]
    public async Task A_renamed_contact_shows_under_its_new_name_in_the_inbox_and_its_search()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var visitor = InboxKit.NewVisitor();
        var contact = await ContactAsync(inbox, "Visitor 123", visitor);
        var conversation = await inbox.ReceiveAsync(channel, visitor);
        Assert.Equal("Visitor 123", (await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{conversation}")).GetProperty("contact_name").GetString());

        var renamed = await inbox.Client.PatchAsync($"/api/v1/contacts/{contact}", JsonContent.Create(new { name = "Roberta Dias" }));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        await WaitAsync(inbox, async () =>
            (await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{conversation}")).GetProperty("contact_name").GetString() == "Roberta Dias");
        Assert.Equal([conversation], await inbox.Client.ListIdsAsync("q=roberta"));
        Assert.Empty(await inbox.Client.ListIdsAsync("q=visitor%20123"));
    }

    [Fact]
    public async Task Deleting_a_contact_deletes_their_conversations_messages_and_stored_files_and_nobody_elses()
    {
        // Given a contact with a conversation holding an uploaded file, and another contact's conversation
        var api = await TestApi.Shared;
        var inbox = await api.NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var (visitor, otherVisitor) = (InboxKit.NewVisitor(), InboxKit.NewVisitor());
        var contact = await ContactAsync(inbox, "Forget Me", visitor);
        await ContactAsync(inbox, "Keep Me", otherVisitor);
        var conversation = await inbox.ReceiveAsync(channel, visitor, "please delete my data");
        var kept = await inbox.ReceiveAsync(channel, otherVisitor, "hello");
        var note = await inbox.Client.UploadAsync(conversation, UploadForms.Form("%PDF id card"u8.ToArray(), "application/pdf", "id.pdf",
            new Dictionary<string, string> { ["private"] = "true" }));
        Assert.Equal(HttpStatusCode.Accepted, note.StatusCode);
        var key = await api.Database.AdminScalarAsync<string>(
            "select a.storage_key from messaging.attachments a join messaging.messages m on m.id = a.message_id where m.conversation_id = $1", conversation);
        var storage = api.Services.GetRequiredService<IBlobStorage>();
        Assert.NotNull(await storage.GetAsync(key, CancellationToken.None));

        // When the contact is deleted
        Assert.Equal(HttpStatusCode.NoContent, (await inbox.Client.DeleteAsync($"/api/v1/contacts/{contact}")).StatusCode);

        // Then their conversation, messages, attachment and file are gone; the other conversation is untouched
        await WaitAsync(inbox, async () => (await inbox.Client.GetAsync($"{InboxKit.Conversations}/{conversation}")).StatusCode == HttpStatusCode.NotFound);
        Assert.Equal(0, await api.Database.AdminScalarAsync<long>("select count(*) from messaging.messages where conversation_id = $1", conversation));
        Assert.Equal(0, await api.Database.AdminScalarAsync<long>("select count(*) from messaging.contact_inboxes where contact_id = $1", contact));
        Assert.Null(await storage.GetAsync(key, CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await inbox.Client.GetAsync($"{InboxKit.Conversations}/{kept}")).StatusCode);

        // And when the visitor writes again they start afresh
        var again = await inbox.ReceiveAsync(channel, visitor, "me again");
        Assert.NotEqual(conversation, again);
        Assert.NotEqual(contact, (await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{again}")).GetProperty("contact_id").GetGuid());
    }
}
