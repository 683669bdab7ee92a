using System.Net;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Instagram;

public sealed class InstagramWebhookSecurityTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    [Fact]
    public async Task The_handshake_echoes_the_bare_challenge_when_the_verify_token_is_an_instagram_channels()
    {
        var channel = await f.ConnectChannelAsync();
        using var anonymous = f.Api.Client();

        var response = await anonymous.GetAsync($"/webhooks/instagram?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={channel.VerifyToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("subscribe", "not-the-token")]
    [InlineData("unsubscribe", null)]
    [InlineData("subscribe", "")]
    public async Task The_handshake_is_403_unless_the_mode_is_subscribe_and_the_verify_token_is_an_instagram_channels(string mode, string? token)
    {
        var channel = await f.ConnectChannelAsync();
        using var anonymous = f.Api.Client();

        var response = await anonymous.GetAsync($"/webhooks/instagram?hub.mode={mode}&hub.challenge=challenge-7f3a9&hub.verify_token={token ?? channel.VerifyToken}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("challenge-7f3a9", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_without_a_signature_is_401_and_nothing_is_stored()
    {
        var channel = await f.ConnectChannelAsync();
        var body = InstagramEvents.Envelope(channel.Account.Id, InstagramEvents.Text(channel.Account.Id, InstagramEvents.NewIgsid(), "hello"));

        var response = await f.Fake.DeliverAsync(body, WebhookSignature.Missing);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("signature_missing", (await response.ReadJsonAsync()).GetProperty("code").GetString());
        await NothingStoredAsync(channel);
    }

    [Theory]
    [InlineData(WebhookSignature.WrongSecret)]
    [InlineData(WebhookSignature.OtherBody)]
    [InlineData(WebhookSignature.Malformed)]
    public async Task A_delivery_whose_signature_the_channels_app_secret_does_not_verify_is_403_and_nothing_is_stored(WebhookSignature signature)
    {
        var channel = await f.ConnectChannelAsync();
        var body = InstagramEvents.Envelope(channel.Account.Id, InstagramEvents.Text(channel.Account.Id, InstagramEvents.NewIgsid(), "hello"));

        var response = await f.Fake.DeliverAsync(body, signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("signature_invalid", (await response.ReadJsonAsync()).GetProperty("code").GetString());
        await NothingStoredAsync(channel);
    }

    [Fact]
    public async Task A_delivery_signed_with_another_apps_secret_is_403_even_when_correctly_signed()
    {
        // Given a channel whose app secret is not the one the delivery is signed with
        var channel = await f.ConnectChannelAsync();
        var body = InstagramEvents.Envelope(channel.Account.Id, InstagramEvents.Text(channel.Account.Id, InstagramEvents.NewIgsid(), "hello"));

        var response = await f.Fake.DeliverAsync(body, WebhookSignature.Valid, secret: "the-secret-of-another-meta-app");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await NothingStoredAsync(channel);
    }

    [Fact]
    public async Task A_delivery_for_an_account_no_channel_has_is_answered_200_stores_nothing_and_is_logged()
    {
        var stranger = "17841" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);

        var response = await f.Fake.DeliverAsync(InstagramEvents.Envelope(stranger, InstagramEvents.Text(stranger, InstagramEvents.NewIgsid(), "hello")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(f.Api.Logs.Lines, l => l.Contains(stranger, StringComparison.Ordinal) && l.Contains("no channel", StringComparison.Ordinal));
        Assert.Equal(0, await f.CountAsync("select count(*) from channels.webhook_events where body like '%' || $1 || '%'", stranger));
    }

    [Fact]
    public async Task A_delivery_with_entries_for_two_accounts_reaches_each_channel_with_only_its_own_messages()
    {
        // Given two orgs whose accounts are served by the same Meta app
        var first = await f.ConnectChannelAsync();
        var second = await f.ConnectChannelAsync();

        // When one delivery carries an entry for each
        var body = InstagramEvents.Envelope(
            (first.Account.Id, [InstagramEvents.Text(first.Account.Id, InstagramEvents.NewIgsid(), "for the first shop")]),
            (second.Account.Id, [InstagramEvents.Text(second.Account.Id, InstagramEvents.NewIgsid(), "for the second shop")]));
        var response = await f.Fake.DeliverAsync(body);

        // Then each channel stores its own message, in its own org
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await f.WebhooksProcessedAsync(first.Id, 1);
        await f.WebhooksProcessedAsync(second.Id, 1);
        Assert.Equal("for the first shop", Assert.Single(await f.MessagesAsync(first.Id)).Content);
        Assert.Equal("for the second shop", Assert.Single(await f.MessagesAsync(second.Id)).Content);
        Assert.Equal(1, await f.CountAsync("select count(*) from messaging.messages where org_id = $1", first.OrgId));
        Assert.Equal(1, await f.CountAsync("select count(*) from messaging.messages where org_id = $1", second.OrgId));
    }

    [Fact]
    public async Task A_body_that_is_not_a_delivery_is_400_and_nothing_is_stored()
    {
        var channel = await f.ConnectChannelAsync();

        var response = await f.Fake.DeliverAsync("""{"object":"instagram","entry":"nope""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await NothingStoredAsync(channel);
    }

    private async Task NothingStoredAsync(InstagramChannel channel)
    {
        Assert.Equal(0, await f.CountAsync("select count(*) from channels.webhook_events where channel_id = $1", channel.Id));
        Assert.Equal(0, await f.CountAsync("select count(*) from omni.jobs where org_id = $1 and type = 'channels.webhook'", channel.OrgId));
        Assert.Equal(0, await f.CountAsync("select count(*) from messaging.messages where channel_id = $1", channel.Id));
    }
}
