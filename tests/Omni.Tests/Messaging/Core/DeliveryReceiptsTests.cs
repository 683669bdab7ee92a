using System.Net.Http.Json;
using Omni.Tests.Infrastructure;
using static Omni.Tests.Messaging.Core.MessagingKit;

namespace Omni.Tests.Messaging.Core;

/// <summary>Delivery receipts: a message's status only moves forward, and a receipt that beats its send is kept.</summary>
public sealed class DeliveryReceiptsTests
{
    [Fact]
    public async Task Receipts_move_a_sent_message_forward_and_never_back()
    {
        // Given a message the agent sent, accepted by the channel with its id
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        var (message, externalId) = await SendAndWaitAsync(api, client, channel);

        // When it is read, and receipts for earlier steps (and a failure) arrive after that
        await api.ReceiveAsync(org, channel, [], [Receipt(externalId, "delivered")]);
        Assert.Equal("delivered", await api.MessageStatusAsync(message));
        await api.ReceiveAsync(org, channel, [], [Receipt(externalId, "read")]);
        await api.ReceiveAsync(org, channel, [], [Receipt(externalId, "delivered"), Receipt(externalId, "sent")]);
        await api.ReceiveAsync(org, channel, [], [Receipt(externalId, "failed", "131047")]);

        // Then it stays read, with no error
        Assert.Equal("read", await api.MessageStatusAsync(message));
        Assert.Equal(0, await api.CountAsync("select count(*) from messaging.messages where id = $1 and error_code is not null", message));
    }

    [Fact]
    public async Task A_failure_receipt_fails_a_message_that_was_only_sent()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        var (message, externalId) = await SendAndWaitAsync(api, client, channel);

        // When the platform reports, in one webhook, that it was sent and then that it failed
        await api.ReceiveAsync(org, channel, [], [Receipt(externalId, "sent"), Receipt(externalId, "failed", "131026")]);

        Assert.Equal("failed", await api.MessageStatusAsync(message));
        Assert.Equal("131026", await api.Database.AdminScalarAsync<string>("select error_code from messaging.messages where id = $1", message));
    }

    [Fact]
    public async Task A_receipt_that_arrives_before_its_send_is_recorded_is_applied_when_the_send_completes()
    {
        // Given an API whose job worker is off, and a message queued to send
        var db = await TestCluster.CreateDatabaseAsync($"omni_receipts_{Guid.NewGuid():N}");
        Guid org, channel, message;
        await using (var idle = await TestApi.StartAsync(db, new Dictionary<string, string?> { ["Omni:Jobs:Enabled"] = "false" }))
        {
            TestUser owner;
            (owner, org) = await idle.NewOrgAsync();
            using var client = idle.Client(owner.Token, org);
            channel = await client.NewWebChannelAsync();
            message = await SendAsync(client, channel);

            // When the platform's "read" receipt arrives before the send has recorded the platform's id
            await idle.ReceiveAsync(org, channel, [], [Receipt($"web:{message:N}", "read")]);
            Assert.Equal(1, await idle.CountAsync("select count(*) from messaging.status_backlog where channel_id = $1", channel));
            Assert.Equal("queued", await idle.MessageStatusAsync(message));
        }
        // (and a receipt for a message that was never ours has waited for two days)
        await db.AdminExecAsync("""
            insert into messaging.status_backlog (id, org_id, channel_id, external_id, status, at, created_at)
            values (gen_random_uuid(), $1, $2, 'from-the-phone-app', 'read', now(), now() - interval '2 days')
            """, org, channel);

        // And then the send runs
        await using var working = await TestApi.StartAsync(db);

        // Then the message ends read, not sent, and the backlog is empty: the waiting receipt was applied and the stale one dropped
        await Eventually.ValueAsync(() => working.MessageStatusAsync(message), s => s == "read");
        await Eventually.HoldsAsync(async () => await working.CountAsync("select count(*) from messaging.status_backlog") == 0,
            () => Task.FromResult(string.Join('\n', working.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)))));
    }

    [Fact]
    public async Task A_private_note_is_stored_for_the_team_and_never_sent()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        var (_, _) = await SendAndWaitAsync(api, client, channel);
        var conversation = Assert.Single(await api.ConversationIdsAsync(channel));
        var previewBefore = (await api.ConversationAsync(conversation)).Preview;

        var response = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages",
            new { type = "text", content = "Customer is a reseller, offer the B2B price", @private = true });
        var note = (await response.ReadJsonAsync()).GetProperty("id").GetGuid();

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, await api.CountAsync("select count(*) from omni.jobs where type = 'messaging.send' and payload->>'message_id' = $1", note.ToString()));
        Assert.Equal(1, await api.CountAsync("select count(*) from messaging.messages where id = $1 and private and external_id is null", note));
        Assert.Equal(previewBefore, (await api.ConversationAsync(conversation)).Preview);
    }

    private static async Task<Guid> SendAsync(HttpClient client, Guid channel)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/channels/{channel}/messages",
            new { contact_identifier = $"external:{Guid.NewGuid():N}", content = new { type = "text", text = "Your order has shipped" } });
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    private static async Task<(Guid Message, string ExternalId)> SendAndWaitAsync(TestApi api, HttpClient client, Guid channel)
    {
        var message = await SendAsync(client, channel);
        await Eventually.HoldsAsync(async () => await api.MessageStatusAsync(message) == "sent",
            async () => await api.Database.AdminScalarAsync<string>("select coalesce(string_agg(status || ' ' || coalesce(last_error, ''), '; '), 'no job') from omni.jobs where payload->>'message_id' = $1", message.ToString()));
        return (message, $"web:{message:N}");
    }
}
