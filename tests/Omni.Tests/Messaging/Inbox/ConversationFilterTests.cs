using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>The inbox list's filters: status, channel, assignee (me, none, a user), label, contact and text.</summary>
public sealed class ConversationFilterTests : IAsyncLifetime
{
    private InboxOrg _inbox = null!;
    private TestUser _agent = null!;
    private Guid _channelA, _channelB, _ana;
    private Guid _c1, _c2, _c3, _c4, _c5, _c6;

    /// <summary>c1 A open, mine, billing (Ana Souza) · c2 A pending, the agent's, vip (Bruno) · c3 B resolved
    /// (Carla) · c4 B snoozed for an hour (Ana Souza again) · c5 B snoozed until a minute ago (Dario) · c6 A open,
    /// nobody's, "refund" in its last message, a visitor without a name. Activity in that order, c6 newest.</summary>
    public async Task InitializeAsync()
    {
        var api = await TestApi.Shared;
        _inbox = await api.NewInboxAsync();
        _agent = Actors.NewUser();
        await api.AddMemberAsync(_inbox.Owner, _inbox.OrgId, _agent, "agent");
        _channelA = await _inbox.CreateWebChannelAsync("A");
        _channelB = await _inbox.CreateWebChannelAsync("B");
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        var ana = InboxKit.NewVisitor();
        _c1 = await _inbox.ReceiveAsync(_channelA, ana, "hello", name: "Ana Souza", at: t0);
        _c2 = await _inbox.ReceiveAsync(_channelA, InboxKit.NewVisitor(), "hi there", name: "Bruno", at: t0.AddMinutes(1));
        _c3 = await _inbox.ReceiveAsync(_channelB, InboxKit.NewVisitor(), "thanks, solved", name: "Carla", at: t0.AddMinutes(2));
        _c4 = await _inbox.ReceiveAsync(_channelB, ana, "me again, elsewhere", at: t0.AddMinutes(3));
        _c5 = await _inbox.ReceiveAsync(_channelB, InboxKit.NewVisitor(), "later please", name: "Dario", at: t0.AddMinutes(4));
        _c6 = await _inbox.ReceiveAsync(_channelA, InboxKit.NewVisitor(), "I want a refund 100_%", at: t0.AddMinutes(5));
        _ana = (await _inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{_c1}")).GetProperty("contact_id").GetGuid();

        var client = _inbox.Client;
        var soon = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        await client.PatchOkAsync($"{InboxKit.Conversations}/{_c1}", $$"""{"assignee_id":"{{_inbox.Owner.Id}}","labels":["Billing"]}""");
        await client.PatchOkAsync($"{InboxKit.Conversations}/{_c2}", $$"""{"status":"pending","assignee_id":"{{_agent.Id}}","labels":["vip"]}""");
        await client.PatchOkAsync($"{InboxKit.Conversations}/{_c3}", """{"status":"resolved"}""");
        await client.PatchOkAsync($"{InboxKit.Conversations}/{_c4}", $$"""{"status":"snoozed","snoozed_until":"{{soon}}"}""");
        await client.PatchOkAsync($"{InboxKit.Conversations}/{_c5}", $$"""{"status":"snoozed","snoozed_until":"{{soon}}"}""");
        // Its time passed before its wake-up job (due in an hour) could run.
        await api.Database.AdminExecAsync("update messaging.conversations set snoozed_until = now() - interval '1 minute' where id = $1", _c5);
    }

    public Task DisposeAsync()
    {
        _inbox.Client.Dispose();
        return Task.CompletedTask;
    }

    private Task<Guid[]> ListAsync(string query) => _inbox.Client.ListIdsAsync(query);

    [Fact]
    public async Task By_default_every_conversation_but_the_resolved_ones_is_listed()
    {
        Assert.Equal([_c6, _c5, _c4, _c2, _c1], await ListAsync(""));
        Assert.Equal([_c6, _c5, _c4, _c3, _c2, _c1], await ListAsync("status=all"));
    }

    [Fact]
    public async Task A_status_filter_keeps_that_status_and_an_expired_snooze_counts_as_open()
    {
        Assert.Equal([_c6, _c5, _c1], await ListAsync("status=open"));
        Assert.Equal([_c2], await ListAsync("status=pending"));
        Assert.Equal([_c4], await ListAsync("status=snoozed"));
        Assert.Equal([_c3], await ListAsync("status=resolved"));
        Assert.Equal([_c6, _c5, _c2, _c1], await ListAsync("status=open,pending"));

        var expired = await _inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{_c5}");
        Assert.Equal("open", expired.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, expired.GetProperty("snoozed_until").ValueKind);
    }

    [Fact]
    public async Task A_channel_filter_keeps_that_channels_conversations()
    {
        Assert.Equal([_c6, _c2, _c1], await ListAsync($"channel_id={_channelA}"));
        Assert.Equal([_c5, _c4, _c3], await ListAsync($"channel_id={_channelB}&status=all"));
    }

    [Fact]
    public async Task An_assignee_filter_keeps_mine_nobodys_or_a_named_users()
    {
        Assert.Equal([_c1], await ListAsync("assignee=me"));
        Assert.Equal([_c2], await ListAsync($"assignee={_agent.Id}"));
        Assert.Equal([_c6, _c5, _c4], await ListAsync("assignee=none"));
        using var asAgent = _inbox.Api.Client(_agent.Token, _inbox.OrgId);
        Assert.Equal([_c2], await asAgent.ListIdsAsync("assignee=me"));
    }

    [Fact]
    public async Task A_label_filter_keeps_conversations_carrying_it_whatever_its_case()
    {
        Assert.Equal([_c1], await ListAsync("label=billing"));
        Assert.Equal([_c1], await ListAsync("label=BILLING"));
        Assert.Equal([_c2], await ListAsync("label=vip"));
        Assert.Empty(await ListAsync("label=nothing"));
        Assert.Empty(await ListAsync("label=" + Uri.EscapeDataString("it's'; drop table messaging.conversations; --")));
        await _inbox.Client.PatchOkAsync($"{InboxKit.Conversations}/{_c6}", """{"labels":["o'brien"]}""");
        Assert.Equal([_c6], await ListAsync("label=" + Uri.EscapeDataString("O'Brien")));
    }

    [Fact]
    public async Task A_contact_filter_keeps_that_contacts_conversations_on_every_channel()
    {
        Assert.Equal([_c4, _c1], await ListAsync($"contact_id={_ana}"));
        Assert.Equal([_c4, _c1], (await _inbox.Client.GetOkAsync($"/api/v1/contacts/{_ana}/conversations")).Ids());
    }

    [Fact]
    public async Task A_text_search_matches_the_contacts_name_or_the_last_message_literally()
    {
        Assert.Equal([_c4, _c1], await ListAsync("q=souza"));
        Assert.Equal([_c6], await ListAsync("q=REFUND"));
        Assert.Equal([_c6], await ListAsync("q=" + Uri.EscapeDataString("100_%")));
        Assert.Empty(await ListAsync("q=" + Uri.EscapeDataString("a_a")));
        Assert.Equal([_c3], await ListAsync("q=carla&status=resolved"));
    }

    [Fact]
    public async Task Filters_combine()
    {
        Assert.Equal([_c4], await ListAsync($"contact_id={_ana}&channel_id={_channelB}"));
        Assert.Equal([_c6], await ListAsync($"channel_id={_channelA}&assignee=none"));
        Assert.Empty(await ListAsync("label=vip&status=open"));
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("status=open,bogus", "status")]
    [InlineData("assignee=someone", "assignee")]
    [InlineData("label=a%00b", "label")]
    [InlineData("q=a%00b", "q")]
    [InlineData("limit=0", null)]
    [InlineData("limit=201", null)]
    public async Task An_invalid_filter_is_refused_with_400_naming_it(string query, string? field)
    {
        var response = await _inbox.Client.GetAsync($"{InboxKit.Conversations}?{query}");
        if (field is null) await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        else await response.AssertInvalidAsync(field);
    }

    [Fact]
    public async Task A_channel_id_that_is_not_an_id_is_refused_with_400()
    {
        var response = await _inbox.Client.GetAsync($"{InboxKit.Conversations}?channel_id=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
