using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Connecting a WhatsApp number: the token is checked with the Graph API, the credentials are kept
/// sealed and shown masked, a number belongs to one channel, and other orgs cannot reach the channel.</summary>
public sealed class WhatsAppConnectTests
{
    [Fact]
    public async Task A_number_with_a_valid_token_connects_and_learns_its_display_number()
    {
        // Given a number on WhatsApp
        await using var kit = await WhatsAppKit.StartAsync();
        var number = kit.Fake.AddNumber(display: "+1 555-078-3881");

        // When the channel is created with its credentials
        var response = await kit.Client.PostAsJsonAsync("/api/v1/channels", new { type = "whatsapp", name = "Sales", credentials = number.Credentials() });
        var body = await response.ReadJsonAsync();

        // Then it is active, with the public settings and what the Graph API said about the number
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("active", body.GetProperty("status").GetString());
        var settings = body.GetProperty("settings");
        Assert.Equal(number.PhoneNumberId, settings.GetProperty("phone_number_id").GetString());
        Assert.Equal(number.BusinessAccountId, settings.GetProperty("business_account_id").GetString());
        Assert.Equal("+1 555-078-3881", settings.GetProperty("display_phone_number").GetString());
        Assert.Equal("https://omni.example.com/webhooks/whatsapp", body.GetProperty("webhook_url").GetString());
        var check = Assert.Single(kit.Fake.Requests, r => r.Method == "GET" && r.Path == $"/{FakeWhatsApp.Version}/{number.PhoneNumberId}");
        Assert.Equal($"Bearer {number.AccessToken}", check.Authorization);
    }

    [Fact]
    public async Task A_token_the_graph_api_refuses_is_a_422_credentials_rejected_and_no_channel()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var number = kit.Fake.AddNumber();

        var response = await kit.Client.PostAsJsonAsync("/api/v1/channels",
            new { type = "whatsapp", name = "Sales", credentials = number.Credentials(accessToken: "EAAG-not-the-token") });

        var problem = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("credentials_rejected", problem.GetProperty("code").GetString());
        Assert.Contains("190", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.channels"));
    }

    [Fact]
    public async Task A_graph_api_that_cannot_be_reached_leaves_the_channel_in_error_to_reconnect_later()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var number = kit.Fake.AddNumber();
        kit.Fake.Fail(FakeWhatsApp.Endpoint.PhoneNumber, GraphFailure.ServiceUnavailable);

        var response = await kit.Client.PostAsJsonAsync("/api/v1/channels", new { type = "whatsapp", name = "Sales", credentials = number.Credentials() });
        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Contains("131016", body.GetProperty("last_error").GetString());

        // When it is reconnected once the platform is back
        var again = await kit.Client.PostAsync($"/api/v1/channels/{body.GetProperty("id")}/reconnect", null);
        var reconnected = await again.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("active", reconnected.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_number_already_connected_in_another_org_is_a_409_channel_taken()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var (other, otherOrg) = await kit.Api.NewOrgAsync("Other");
        using var otherClient = kit.Api.Client(other.Token, otherOrg);

        var response = await otherClient.PostAsJsonAsync("/api/v1/channels", new { type = "whatsapp", name = "Mine too", credentials = number.Credentials() });

        var problem = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("channel_taken", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Credentials_are_returned_masked_and_are_not_stored_in_clear()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();

        var listed = await (await kit.Client.GetAsync("/api/v1/channels?type=whatsapp")).Content.ReadAsStringAsync();
        var single = await (await kit.Client.GetAsync($"/api/v1/channels/{channelId}")).Content.ReadAsStringAsync();
        var row = string.Join('|', (await kit.RowsAsync("select * from channels.channels where id = $1", channelId)).Single().Values);

        var shown = System.Text.Json.JsonDocument.Parse(single).RootElement.GetProperty("credentials");
        foreach (var (name, secret) in new[] { ("access_token", number.AccessToken), ("app_secret", number.AppSecret), ("verify_token", number.VerifyToken) })
        {
            Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, single, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, row, StringComparison.Ordinal);
            Assert.Equal("••••" + secret[^4..], shown.GetProperty(name).GetString());
        }
    }

    [Fact]
    public async Task Another_orgs_member_can_neither_see_nor_send_through_the_channel()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, "16505551234");
        var (stranger, strangerOrg) = await kit.Api.NewOrgAsync("Stranger");
        using var client = kit.Api.Client(stranger.Token, strangerOrg);

        var get = await client.GetAsync($"/api/v1/channels/{channelId}");
        var sendToContact = await client.PostAsJsonAsync($"/api/v1/channels/{channelId}/messages",
            new { contact_identifier = "whatsapp:+16505551234", content = new { type = "text", text = "hello from elsewhere" } });
        var sendInConversation = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { type = "text", content = "hijack" });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sendToContact.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sendInConversation.StatusCode);
        await Task.Delay(500);
        Assert.Empty(kit.Fake.Accepted);
        Assert.Equal(1, await kit.CountAsync("select count(*) from messaging.messages"));
    }
}
