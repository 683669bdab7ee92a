using System.Net;
using Omni.Tests.Infrastructure.Fakes;
using static Omni.Tests.Infrastructure.Fakes.WhatsAppWebhooks;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Meta's side of the webhook: the handshake, the signature over the exact bytes, and what is
/// stored (nothing unless verified; the body as sent; nothing for a number no channel has).</summary>
public sealed class WhatsAppWebhookIntakeTests
{
    [Fact]
    public async Task The_handshake_echoes_the_challenge_as_plain_text_for_a_channels_verify_token()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        using var meta = new HttpClient { BaseAddress = kit.Api.BaseAddress };

        var response = await meta.GetAsync($"/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={Uri.EscapeDataString(number.VerifyToken)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("subscribe", "not-the-token")]
    [InlineData("subscribe", "")]
    [InlineData("unsubscribe", null)]
    public async Task The_handshake_is_refused_with_403_for_a_wrong_token_or_mode(string mode, string? token)
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        using var meta = new HttpClient { BaseAddress = kit.Api.BaseAddress };

        var response = await meta.GetAsync($"/webhooks/whatsapp?hub.mode={mode}&hub.challenge=ch4ll3nge-7391&hub.verify_token={Uri.EscapeDataString(token ?? number.VerifyToken)}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("ch4ll3nge-7391", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_without_a_signature_is_401_and_one_with_a_wrong_signature_is_403_and_nothing_is_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var body = Messages(number, "16505551234", "Sheena", Text("16505551234", "let me in"));

        var missing = await kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, body, number.AppSecret, FakeWhatsApp.Signature.Missing);
        var wrong = await kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, body, number.AppSecret, FakeWhatsApp.Signature.Wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        await Task.Delay(300);
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events"));
        Assert.Equal(0, await kit.CountAsync("select count(*) from omni.jobs where type = 'channels.webhook'"));
        Assert.Equal(0, await kit.CountAsync("select count(*) from messaging.messages"));
    }

    [Fact]
    public async Task A_body_signed_with_another_apps_secret_is_refused()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();

        var response = await kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, Messages(number, "16505551234", null, Text("16505551234", "hi")), "some-other-apps-secret");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events"));
    }

    [Fact]
    public async Task The_signature_is_checked_over_the_exact_bytes_and_those_bytes_are_stored()
    {
        // Given a body with escaped non-ASCII text and escaped slashes, as Meta writes it
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var body = Messages(number, "5511987654321", "Jos\u00e9", Text("5511987654321", "Ol\u00e1! Voc\u00eas t\u00eam a camisa 2/3? \ud83d\ude00"));
        Assert.Contains("\\u00e1", body, StringComparison.Ordinal);
        Assert.Contains("\\/", body, StringComparison.Ordinal);

        // When Meta delivers it
        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, body, number);

        // Then the stored body is byte for byte what was signed, and the text reads back unescaped
        var stored = await kit.Database.AdminScalarAsync<string>("select body from channels.webhook_events where channel_id = $1", channelId);
        Assert.Equal(body, stored);
        await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from messaging.messages") == 1, "message not stored");
        Assert.Equal("Ol\u00e1! Voc\u00eas t\u00eam a camisa 2/3? \ud83d\ude00", await kit.Database.AdminScalarAsync<string>("select content from messaging.messages"));
    }

    [Fact]
    public async Task A_webhook_for_a_number_no_channel_has_is_acknowledged_and_not_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        await kit.ConnectAsync();
        var stranger = kit.Fake.AddNumber();

        var response = await kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, Messages(stranger, "16505551234", null, Text("16505551234", "hello?")), stranger.AppSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events"));
        Assert.Contains(kit.Api.Logs.Lines, l => l.Contains(stranger.PhoneNumberId, StringComparison.Ordinal) && l.Contains("no channel has", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changes_other_than_messages_are_acknowledged_and_produce_nothing()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var body = Batch((number, [Change(number, new System.Text.Json.Nodes.JsonObject { ["event"] = "APPROVED", ["message_template_id"] = 1 }, "message_template_status_update")]));

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, body, number);
        await kit.JobsSettledAsync();

        Assert.Equal(0, await kit.CountAsync("select count(*) from messaging.messages"));
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events where processed_at is null or error is not null"));
    }

    [Fact]
    public async Task A_malformed_body_with_a_signature_is_a_400_and_nothing_is_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();

        var response = await kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, "{\"object\":\"whatsapp_business_account\",\"entry\":[", number.AppSecret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events"));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_and_nothing_is_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var huge = Messages(number, "16505551234", null, Text("16505551234", new string('x', 1024 * 1024 + 10)));

        var response = await kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, huge, number.AppSecret);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events"));
    }

    [Fact]
    public async Task The_webhook_routes_are_documented_as_anonymous()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        using var http = new HttpClient { BaseAddress = kit.Api.BaseAddress };
        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/swagger/v1/swagger.json"));

        var path = doc.RootElement.GetProperty("paths").GetProperty("/webhooks/whatsapp");
        foreach (var method in new[] { "get", "post" })
        {
            var operation = path.GetProperty(method);
            Assert.False(operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0, $"{method} asks for a bearer token");
        }
        Assert.Contains(path.GetProperty("post").GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "X-Hub-Signature-256");
    }
}
