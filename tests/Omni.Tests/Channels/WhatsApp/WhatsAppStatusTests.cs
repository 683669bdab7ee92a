using System.Net;
using static Omni.Tests.Infrastructure.Fakes.WhatsAppWebhooks;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Delivery receipts arrive late, twice and out of order: a message only ever moves forward, and a
/// receipt that beats the send's own record of the wamid is kept and applied once it is known.</summary>
public sealed class WhatsAppStatusTests
{
    private const string Customer = "16505551234";

    [Fact]
    public async Task Receipts_out_of_order_never_move_a_message_backwards()
    {
        // Given a message sent through the fake
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var id = (await kit.SendAsync(conversation, new { type = "text", content = "Your order ships today." })).GetProperty("id").GetGuid();
        var wamid = (await kit.MessageReachesAsync(id, "sent")).Str("external_id")!;

        // When read arrives first, then a late delivered, then a failed, each twice
        foreach (var status in new[] { "read", "delivered", "failed", "read", "delivered" })
        {
            await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Statuses(number, Status(wamid, status, Customer, errorCode: status == "failed" ? 131026 : null)), number);
        }
        await kit.JobsSettledAsync();

        // Then the message stays read, without an error
        var message = await kit.MessageAsync(id);
        Assert.Equal("read", message.Str("status"));
        Assert.Null(message.Str("error_code"));
    }

    [Fact]
    public async Task A_voice_message_played_counts_as_read_and_a_failed_receipt_fails_a_sent_message_with_its_reason()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var first = (await kit.SendAsync(conversation, new { type = "text", content = "one" })).GetProperty("id").GetGuid();
        var second = (await kit.SendAsync(conversation, new { type = "text", content = "two" })).GetProperty("id").GetGuid();
        var firstWamid = (await kit.MessageReachesAsync(first, "sent")).Str("external_id")!;
        var secondWamid = (await kit.MessageReachesAsync(second, "sent")).Str("external_id")!;

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Statuses(number,
            Status(firstWamid, "played", Customer),
            Status(secondWamid, "failed", Customer, errorCode: 131047, errorDetails: "more than 24 hours have passed")), number);

        await kit.MessageReachesAsync(first, "read");
        var failed = await kit.MessageReachesAsync(second, "failed");
        Assert.Equal("window_closed", failed.Str("error_code"));
        Assert.Equal("more than 24 hours have passed", failed.Str("error_text"));
    }

    [Fact]
    public async Task A_receipt_that_arrives_before_the_send_recorded_its_wamid_is_applied_once_the_wamid_is_known()
    {
        // Given WhatsApp that delivers the "read" receipt of a message before answering the send that made it
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var parked = false;
        kit.Fake.BeforeAnswering = async accepted =>
        {
            var response = await kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, Statuses(number, Status(accepted.Wamid, "read", Customer)), number.AppSecret);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The receipt is processed while the send still waits for this answer: it can only be parked.
            await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from messaging.status_backlog where external_id = $1", accepted.Wamid) == 1,
                "the early receipt was not parked");
            parked = true;
        };

        // When a message is sent
        var id = (await kit.SendAsync(conversation, new { type = "text", content = "fast reader" })).GetProperty("id").GetGuid();

        // Then, once the send recorded the wamid, the parked receipt moved it to read and left the backlog
        var message = await kit.MessageReachesAsync(id, "read");
        Assert.True(parked);
        Assert.Equal(kit.Fake.Accepted.Single().Wamid, message.Str("external_id"));
        Assert.Equal(0, await kit.CountAsync("select count(*) from messaging.status_backlog"));
    }
}
