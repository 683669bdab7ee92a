using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>PATCH /conversations/{id}: status (snoozing and reopening rules), assignee, priority, labels; and
/// marking a conversation read.</summary>
public sealed class UpdateConversationTests
{
    private static string Url(Guid id) => $"{InboxKit.Conversations}/{id}";

    private static async Task<(InboxOrg Inbox, Guid Channel, string Visitor, Guid Conversation)> ConversationAsync()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var visitor = InboxKit.NewVisitor();
        return (inbox, channel, visitor, await inbox.ReceiveAsync(channel, visitor, "hello"));
    }

    [Fact]
    public async Task Snoozing_needs_a_time_in_the_future()
    {
        var (inbox, _, _, conversation) = await ConversationAsync();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        var future = DateTimeOffset.UtcNow.AddHours(2);

        await (await inbox.Client.PatchJsonAsync(Url(conversation), """{"status":"snoozed"}""")).AssertInvalidAsync("snoozed_until");
        await (await inbox.Client.PatchJsonAsync(Url(conversation), $$"""{"status":"snoozed","snoozed_until":"{{past}}"}""")).AssertInvalidAsync("snoozed_until");
        await (await inbox.Client.PatchJsonAsync(Url(conversation), $$"""{"status":"open","snoozed_until":"{{future:O}}"}""")).AssertInvalidAsync("snoozed_until");
        var snoozed = await inbox.Client.PatchOkAsync(Url(conversation), $$"""{"status":"snoozed","snoozed_until":"{{future:O}}"}""");

        Assert.Equal("snoozed", snoozed.GetProperty("status").GetString());
        Assert.Equal(future.ToUnixTimeMilliseconds(), snoozed.GetProperty("snoozed_until").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal([conversation], await inbox.Client.ListIdsAsync("status=snoozed"));
    }

    [Fact]
    public async Task A_snoozed_conversation_is_open_again_when_its_time_comes()
    {
        var (inbox, _, _, conversation) = await ConversationAsync();
        var until = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await inbox.Client.PatchOkAsync(Url(conversation), $$"""{"status":"snoozed","snoozed_until":"{{until:O}}"}""");

        // The stored status (not only what reads show) becomes open, by the wake-up job due at that time
        await InboxKit.EventuallyAsync(
            async () => await inbox.Api.Database.AdminScalarAsync<string>("select status from messaging.conversations where id = $1", conversation) == "open",
            async () => $"stored status {await inbox.Api.Database.AdminScalarAsync<string>("select status from messaging.conversations where id = $1", conversation)}");
        Assert.True(DateTimeOffset.UtcNow >= until);
        var row = await inbox.Client.GetOkAsync(Url(conversation));
        Assert.Equal("open", row.GetProperty("status").GetString());
        Assert.Equal([conversation], await inbox.Client.ListIdsAsync("status=open"));
    }

    [Fact]
    public async Task A_snoozed_conversation_reopens_when_the_contact_writes()
    {
        var (inbox, channel, visitor, conversation) = await ConversationAsync();
        await inbox.Client.PatchOkAsync(Url(conversation), $$"""{"status":"snoozed","snoozed_until":"{{DateTimeOffset.UtcNow.AddDays(1):O}}"}""");

        Assert.Equal(conversation, await inbox.ReceiveAsync(channel, visitor, "are you there?"));

        Assert.Equal("open", (await inbox.Client.GetOkAsync(Url(conversation))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task After_resolving_a_new_message_from_the_contact_starts_a_new_conversation()
    {
        var (inbox, channel, visitor, conversation) = await ConversationAsync();
        await inbox.Client.PatchOkAsync(Url(conversation), """{"status":"resolved"}""");

        var next = await inbox.ReceiveAsync(channel, visitor, "one more question");

        Assert.NotEqual(conversation, next);
        Assert.Equal([next], await inbox.Client.ListIdsAsync());
        Assert.Equal([next, conversation], await inbox.Client.ListIdsAsync("status=all"));
    }

    [Fact]
    public async Task Reopening_a_resolved_conversation_while_the_contact_has_another_open_one_on_the_channel_is_409()
    {
        // Given a resolved conversation whose contact has since started a new one on the same channel
        var (inbox, channel, visitor, resolved) = await ConversationAsync();
        await inbox.Client.PatchOkAsync(Url(resolved), """{"status":"resolved"}""");
        var current = await inbox.ReceiveAsync(channel, visitor, "new question");

        // When an agent reopens the old one (as open, pending or snoozed)
        foreach (var body in new[] { """{"status":"open"}""", """{"status":"pending"}""",
                     $$"""{"status":"snoozed","snoozed_until":"{{DateTimeOffset.UtcNow.AddHours(1):O}}"}""" })
        {
            var problem = await (await inbox.Client.PatchJsonAsync(Url(resolved), body)).AssertProblemAsync(HttpStatusCode.Conflict, "conversation_already_open");
            Assert.Equal(current, problem.GetProperty("open_conversation_id").GetGuid());
        }

        // Then nothing changed; once the new one is resolved, the old one can be reopened
        Assert.Equal("resolved", (await inbox.Client.GetOkAsync(Url(resolved))).GetProperty("status").GetString());
        await inbox.Client.PatchOkAsync(Url(current), """{"status":"resolved"}""");
        Assert.Equal("open", (await inbox.Client.PatchOkAsync(Url(resolved), """{"status":"open"}""")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_assignee_must_be_a_member_who_handles_conversations_and_null_unassigns()
    {
        var (inbox, _, _, conversation) = await ConversationAsync();
        var api = inbox.Api;
        var (agent, viewer) = (Actors.NewUser(), Actors.NewUser());
        await api.AddMemberAsync(inbox.Owner, inbox.OrgId, agent, "agent");
        await api.AddMemberAsync(inbox.Owner, inbox.OrgId, viewer, "viewer");
        var (memberElsewhere, _) = await api.NewOrgAsync();

        foreach (var stranger in new[] { Guid.NewGuid(), viewer.Id, memberElsewhere.Id })
            await (await inbox.Client.PatchJsonAsync(Url(conversation), $$"""{"assignee_id":"{{stranger}}"}""")).AssertInvalidAsync("assignee_id");
        var assigned = await inbox.Client.PatchOkAsync(Url(conversation), $$"""{"assignee_id":"{{agent.Id}}"}""");
        var untouched = await inbox.Client.PatchOkAsync(Url(conversation), """{"priority":"urgent"}""");
        var unassigned = await inbox.Client.PatchOkAsync(Url(conversation), """{"assignee_id":null}""");

        Assert.Equal(agent.Id, assigned.GetProperty("assignee_id").GetGuid());
        Assert.Equal(agent.Id, untouched.GetProperty("assignee_id").GetGuid());
        Assert.Equal("urgent", untouched.GetProperty("priority").GetString());
        Assert.Equal(JsonValueKind.Null, unassigned.GetProperty("assignee_id").ValueKind);
    }

    [Fact]
    public async Task Labels_are_replaced_lowercased_without_duplicates_and_bounded()
    {
        var (inbox, _, _, conversation) = await ConversationAsync();

        var first = await inbox.Client.PatchOkAsync(Url(conversation), """{"labels":["Billing"," VIP ","vip"]}""");
        var replaced = await inbox.Client.PatchOkAsync(Url(conversation), """{"labels":["returning"]}""");
        var tooMany = JsonSerializer.Serialize(new { labels = Enumerable.Range(0, 21).Select(i => $"l{i}") });
        var tooLong = JsonSerializer.Serialize(new { labels = new[] { new string('x', 51) } });

        Assert.Equal(["billing", "vip"], first.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["returning"], replaced.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        await (await inbox.Client.PatchJsonAsync(Url(conversation), tooMany)).AssertInvalidAsync("labels");
        await (await inbox.Client.PatchJsonAsync(Url(conversation), tooLong)).AssertInvalidAsync("labels[0]");
        await (await inbox.Client.PatchJsonAsync(Url(conversation), """{"labels":["  "]}""")).AssertInvalidAsync("labels[0]");
    }

    [Theory]
    [InlineData("""{"status":"closed"}""", "status")]
    [InlineData("""{"priority":"asap"}""", "priority")]
    [InlineData("""{}""", "body")]
    [InlineData("""{"name":"not a conversation field"}""", "body")]
    public async Task An_invalid_change_is_refused_with_400_naming_the_field(string body, string field)
    {
        var (inbox, _, _, conversation) = await ConversationAsync();

        await (await inbox.Client.PatchJsonAsync(Url(conversation), body)).AssertInvalidAsync(field);
    }

    [Fact]
    public async Task Marking_a_conversation_read_resets_its_unread_count_and_records_when()
    {
        var (inbox, channel, visitor, conversation) = await ConversationAsync();
        await inbox.ReceiveAsync(channel, visitor, "second");
        await inbox.ReceiveAsync(channel, visitor, "third");
        Assert.Equal(3, (await inbox.Client.GetOkAsync(Url(conversation))).GetProperty("unread_count").GetInt32());
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var response = await inbox.Client.PostAsync($"{Url(conversation)}/read", null);
        var read = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, read.GetProperty("unread_count").GetInt32());
        Assert.True(read.GetProperty("agent_last_seen_at").GetDateTimeOffset() > before);
        await inbox.ReceiveAsync(channel, visitor, "fourth");
        Assert.Equal(1, (await inbox.Client.GetOkAsync(Url(conversation))).GetProperty("unread_count").GetInt32());
    }
}
