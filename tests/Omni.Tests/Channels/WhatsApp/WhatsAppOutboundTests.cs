using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Sending: 202 at once, then the platform's answer decides: sent with its wamid, retried after a
/// throttle or an outage without sending twice, or failed with a reason (and a refused token puts the
/// channel in error).</summary>
public sealed class WhatsAppOutboundTests
{
    private const string Customer = "16505551234";

    [Fact]
    public async Task A_text_is_accepted_as_queued_and_then_sent_with_the_wamid()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "Your order ships today." });
        Assert.Equal("queued", queued.GetProperty("status").GetString());

        var message = await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "sent");
        var accepted = Assert.Single(kit.Fake.Accepted);
        Assert.Equal(accepted.Wamid, message.Str("external_id"));
        Assert.Equal(number.PhoneNumberId, accepted.PhoneNumberId);
        var body = accepted.Body;
        Assert.Equal(("whatsapp", Customer, "text", "Your order ships today."),
            (body.GetProperty("messaging_product").GetString(), body.GetProperty("to").GetString(), body.GetProperty("type").GetString(),
             body.GetProperty("text").GetProperty("body").GetString()));
        var request = Assert.Single(kit.Fake.Requests, r => r.Path.EndsWith("/messages", StringComparison.Ordinal));
        Assert.Equal("Bearer " + number.AccessToken, request.Authorization);
    }

    [Fact]
    public async Task A_reply_carries_the_context_of_the_message_it_answers()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        var inbound = (await kit.RowsAsync("select id, external_id from messaging.messages")).Single();

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "Yes, in blue.", reply_to_message_id = inbound.Id() });

        await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "sent");
        Assert.Equal(inbound.Str("external_id"), kit.Fake.Accepted.Single().Body.GetProperty("context").GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task Media_goes_by_link_and_a_file_as_a_document_with_its_name()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);

        var image = await kit.SendAsync(conversation, new { type = "image", content = "Invoice", media_url = "https://cdn.example.com/i/invoice.png" });
        var file = await kit.SendAsync(conversation, new { type = "file", content = "Your receipt", media_url = "https://cdn.example.com/docs/receipt%202026.pdf" });
        await kit.MessageReachesAsync(image.GetProperty("id").GetGuid(), "sent");
        await kit.MessageReachesAsync(file.GetProperty("id").GetGuid(), "sent");

        var bodies = kit.Fake.Accepted.Select(a => a.Body).ToDictionary(b => b.GetProperty("type").GetString()!);
        Assert.Equal(("https://cdn.example.com/i/invoice.png", "Invoice"),
            (bodies["image"].GetProperty("image").GetProperty("link").GetString(), bodies["image"].GetProperty("image").GetProperty("caption").GetString()));
        var document = bodies["document"].GetProperty("document");
        Assert.Equal(("https://cdn.example.com/docs/receipt%202026.pdf", "receipt 2026.pdf", "Your receipt"),
            (document.GetProperty("link").GetString(), document.GetProperty("filename").GetString(), document.GetProperty("caption").GetString()));
    }

    [Fact]
    public async Task A_template_goes_out_of_the_24_hour_window_while_free_form_is_refused_with_409()
    {
        // Given a contact who never wrote (the window is closed)
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, _) = await kit.ConnectAsync();
        var components = JsonDocument.Parse("""[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#1042"}]}]""").RootElement;

        // When a free-form text and a template are sent to the number
        var freeForm = await kit.Client.PostAsJsonAsync($"/api/v1/channels/{channelId}/messages",
            new { contact_identifier = "whatsapp:+1 650 555 1234", content = new { type = "text", text = "Hello!" } });
        var template = await kit.Client.PostAsJsonAsync($"/api/v1/channels/{channelId}/messages",
            new { contact_identifier = "whatsapp:+1 650 555 1234", content = new { type = "template", template_name = "order_update", template_language = "en_US", template_components = components } });

        // Then the free-form one is refused up front, and the template is sent as given
        var problem = await freeForm.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Conflict, freeForm.StatusCode);
        Assert.Equal("window_closed", problem.GetProperty("code").GetString());
        var queued = await template.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Accepted, template.StatusCode);
        await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "sent");

        var body = Assert.Single(kit.Fake.Accepted).Body;
        Assert.Equal(("template", Customer), (body.GetProperty("type").GetString(), body.GetProperty("to").GetString()));
        var sent = body.GetProperty("template");
        Assert.Equal(("order_update", "en_US"), (sent.GetProperty("name").GetString(), sent.GetProperty("language").GetProperty("code").GetString()));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(components.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(sent.GetProperty("components").GetRawText())),
            sent.GetProperty("components").GetRawText());
    }

    [Fact]
    public async Task A_window_that_whatsapp_says_is_closed_fails_the_message_as_window_closed()
    {
        // Given our record says the customer wrote, but WhatsApp counts the window as closed
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        kit.Fake.CustomerWrote(number, Customer, DateTimeOffset.UtcNow.AddHours(-25));

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "too late" });

        var failed = await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "failed");
        Assert.Equal("window_closed", failed.Str("error_code"));
        Assert.Contains("24 hours", failed.Str("error_text"));
    }

    [Fact]
    public async Task A_throttled_send_is_retried_after_a_backoff_and_delivered_once()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        kit.Fake.Fail(FakeWhatsApp.Endpoint.Messages, GraphFailure.RateLimitHit);

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "patience" });

        var message = await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "sent");
        Assert.Equal(kit.Fake.Accepted.Single().Wamid, message.Str("external_id"));
        var attempts = kit.Fake.Requests.Where(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)).ToList();
        Assert.Equal([400, 200], attempts.Select(a => a.Status));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(90), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms");
        // Being throttled is not a failed attempt.
        var job = (await kit.RowsAsync("select attempts, status from omni.jobs where type = 'messaging.send'")).Single();
        Assert.Equal((1, "succeeded"), ((int)job["attempts"]!, job.Str("status")));
    }

    [Fact]
    public async Task A_platform_answering_503_twice_is_retried_until_the_message_goes_out_once()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        kit.Fake.Fail(FakeWhatsApp.Endpoint.Messages, GraphFailure.ServiceUnavailable, GraphFailure.Http(503));

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "eventually" });

        await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "sent");
        Assert.Equal([503, 503, 200], kit.Fake.Requests.Where(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Single(kit.Fake.Accepted);
    }

    [Fact]
    public async Task A_platform_that_refuses_connections_is_retried_and_the_message_goes_out_once_it_is_back()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        await kit.Fake.GoDownAsync();

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "are you there?" });
        var id = queued.GetProperty("id").GetGuid();
        await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from omni.jobs where type = 'messaging.send' and attempts >= 2") == 1,
            "the send was not retried while the platform was down");
        Assert.Equal("queued", (await kit.MessageAsync(id)).Str("status"));

        await kit.Fake.ComeBackAsync();

        await kit.MessageReachesAsync(id, "sent");
        await kit.JobsSettledAsync();
        Assert.Single(kit.Fake.Accepted);
        Assert.Equal("are you there?", kit.Fake.Accepted.Single().Body.GetProperty("text").GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_revoked_token_fails_the_message_and_puts_the_channel_in_error()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        kit.Fake.RevokeToken(number);

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "hello?" });

        var failed = await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "failed");
        Assert.Equal("credentials_rejected", failed.Str("error_code"));
        var channel = await (await kit.Client.GetAsync($"/api/v1/channels/{channelId}")).ReadJsonAsync();
        Assert.Equal("error", channel.GetProperty("status").GetString());
        Assert.Contains("190", channel.GetProperty("last_error").GetString());
        Assert.Empty(kit.Fake.Accepted);
    }

    [Fact]
    public async Task A_refused_message_fails_with_the_whatsapp_code_and_details()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, Customer);
        kit.Fake.Fail(FakeWhatsApp.Endpoint.Messages, GraphFailure.Undeliverable);

        var queued = await kit.SendAsync(conversation, new { type = "text", content = "to nowhere" });

        var failed = await kit.MessageReachesAsync(queued.GetProperty("id").GetGuid(), "failed");
        Assert.Equal("whatsapp_131026", failed.Str("error_code"));
        Assert.Equal(GraphFailure.Undeliverable.Details, failed.Str("error_text"));
        Assert.Single(kit.Fake.Requests, r => r.Path.EndsWith("/messages", StringComparison.Ordinal));
        var channel = await (await kit.Client.GetAsync($"/api/v1/channels/{channelId}")).ReadJsonAsync();
        Assert.Equal("active", channel.GetProperty("status").GetString());
    }
}
