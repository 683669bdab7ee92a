using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Channels.Instagram;

public sealed class ConnectInstagramChannelTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    [Fact]
    public async Task A_token_instagram_accepts_connects_an_active_channel_that_knows_the_account_and_shows_its_credentials_masked()
    {
        // Given an Instagram account and its token
        var (owner, org) = await f.Api.NewOrgAsync();
        var account = f.Fake.AddAccount("blue_shop");
        using var client = f.Api.Client(owner.Token, org);

        // When it is connected
        var response = await client.PostAsJsonAsync("/api/v1/channels", InstagramKit.ChannelBody(account, f.Fake.AppSecret, "my-verify-token"));

        // Then the channel is active, learned the username, and never shows a secret
        var channel = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, channel.ToString());
        Assert.Equal("active", channel.GetProperty("status").GetString());
        Assert.Equal(account.Id, channel.GetProperty("settings").GetProperty("page_id").GetString());
        Assert.Equal("blue_shop", channel.GetProperty("settings").GetProperty("username").GetString());
        Assert.Equal("https://omni.example.com/webhooks/instagram", channel.GetProperty("webhook_url").GetString());
        var text = channel.ToString();
        Assert.DoesNotContain(account.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Fake.AppSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("my-verify-token", text, StringComparison.Ordinal);

        // And the token was checked against the account with a Graph call
        var check = Assert.Single(f.Fake.Calls, c => c.Method == "GET" && c.Path == $"/v23.0/{account.Id}");
        Assert.Equal($"Bearer {account.Token}", check.Authorization);
        Assert.Contains("username", check.Query, StringComparison.Ordinal);

        // And its capabilities are Instagram's: text and media by URL, no templates, a 24-hour window
        var caps = await (await client.GetAsync($"/api/v1/channels/{channel.GetProperty("id")}/capabilities")).ReadJsonAsync();
        Assert.True(caps.GetProperty("can_send").GetBoolean());
        Assert.Equal(["text", "image", "video", "audio"], caps.GetProperty("message_types").EnumerateArray().Select(t => t.GetString()!));
        Assert.False(caps.GetProperty("supports_templates").GetBoolean());
        Assert.Equal(24, caps.GetProperty("customer_service_window_hours").GetInt32());
        Assert.Equal(8 * 1024 * 1024, caps.GetProperty("max_media_bytes").GetProperty("image").GetInt64());
    }

    [Fact]
    public async Task A_token_instagram_refuses_is_422_credentials_rejected_and_no_channel_is_stored()
    {
        var (owner, org) = await f.Api.NewOrgAsync();
        var account = f.Fake.AddAccount();
        using var client = f.Api.Client(owner.Token, org);

        var response = await client.PostAsJsonAsync("/api/v1/channels", InstagramKit.ChannelBody(account, f.Fake.AppSecret, "v", token: "IGAA-not-a-token"));

        var problem = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("credentials_rejected", problem.GetProperty("code").GetString());
        Assert.Contains("190", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await f.CountAsync("select count(*) from channels.channels where org_id = $1", org));
    }

    [Fact]
    public async Task A_token_that_may_not_use_the_account_named_by_page_id_is_422_credentials_rejected()
    {
        // Given a valid token of one account, and page_id naming another
        var (owner, org) = await f.Api.NewOrgAsync();
        var mine = f.Fake.AddAccount();
        var other = f.Fake.AddAccount();
        using var client = f.Api.Client(owner.Token, org);

        var response = await client.PostAsJsonAsync("/api/v1/channels", InstagramKit.ChannelBody(other, f.Fake.AppSecret, "v", token: mine.Token));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("credentials_rejected", (await response.ReadJsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_same_instagram_account_connected_in_a_second_org_is_409_channel_taken()
    {
        var first = await f.ConnectChannelAsync();
        var (owner, org) = await f.Api.NewOrgAsync();
        using var client = f.Api.Client(owner.Token, org);

        var response = await client.PostAsJsonAsync("/api/v1/channels", InstagramKit.ChannelBody(first.Account, f.Fake.AppSecret, "another"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("channel_taken", (await response.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(0, await f.CountAsync("select count(*) from channels.channels where org_id = $1", org));
    }

    [Fact]
    public async Task Every_credential_instagram_needs_is_required()
    {
        var (owner, org) = await f.Api.NewOrgAsync();
        using var client = f.Api.Client(owner.Token, org);

        var response = await client.PostAsJsonAsync("/api/v1/channels",
            new { type = "instagram", name = "Shop", credentials = new Dictionary<string, string> { ["page_id"] = "17841400000000000" } });

        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(errors.TryGetProperty("credentials.access_token", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("credentials.app_secret", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("credentials.verify_token", out _), errors.ToString());
    }

    [Fact]
    public async Task A_channel_connected_while_instagram_is_down_is_kept_in_error_and_becomes_active_when_reconnected()
    {
        // Given Instagram is down when the channel is connected
        var (owner, org) = await f.Api.NewOrgAsync();
        var account = f.Fake.AddAccount();
        using var client = f.Api.Client(owner.Token, org);
        f.Fake.Down = true;
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync("/api/v1/channels", InstagramKit.ChannelBody(account, f.Fake.AppSecret, "v"));
        }
        finally
        {
            f.Fake.Down = false;
        }

        // Then the channel is kept, in error, with the reason
        var channel = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("error", channel.GetProperty("status").GetString());
        Assert.Contains("503", channel.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        // When it is reconnected once Instagram is back, it is active
        var reconnected = await (await client.PostAsync($"/api/v1/channels/{channel.GetProperty("id")}/reconnect", null)).ReadJsonAsync();
        Assert.Equal("active", reconnected.GetProperty("status").GetString());
        Assert.Equal(account.Username, reconnected.GetProperty("settings").GetProperty("username").GetString());
    }
}
