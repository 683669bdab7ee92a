using System.Net;
using Omni.Tests.Infrastructure;
using Omni.Tests.Messaging.Outbound;

namespace Omni.Tests.Channels.Instagram;

/// <summary>Instagram takes media only by URL: an uploaded file goes as a signed, expiring link to it on
/// our public address, and without a public address the upload is refused up front.</summary>
public sealed class InstagramUploadTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    [Fact]
    public async Task An_uploaded_image_goes_as_a_signed_link_that_serves_its_bytes()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        using var client = f.Api.Client(channel.Owner.Token, channel.OrgId);
        var image = UploadForms.Png(100_000);

        var response = await client.UploadAsync(conversation, UploadForms.Form(image, "image/png", "blue.png"));
        var queued = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, queued.ToString());

        Assert.Equal("sent", (await f.SettledAsync(queued.GetProperty("id").GetGuid())).Status);
        var sent = Assert.Single(f.SendsFor(channel)).Json!["message"]!["attachment"]!;
        Assert.Equal("image", sent["type"]!.GetValue<string>());
        var link = new Uri(sent["payload"]!["url"]!.GetValue<string>());
        Assert.Equal("omni.example.com", link.Host);
        Assert.StartsWith("/media/", link.AbsolutePath, StringComparison.Ordinal);
        // Instagram fetches it from our public address: here, the same path on the API, without credentials
        using var anonymous = new HttpClient { BaseAddress = f.Api.BaseAddress };
        var fetched = await anonymous.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(image, await fetched.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(link.PathAndQuery.Replace("signature=", "signature=x", StringComparison.Ordinal))).StatusCode);
    }
}

/// <summary>An API with no public address: Instagram could not fetch a signed link from it.</summary>
public sealed class NoPublicAddressInstagramFixture : InstagramFixture
{
    protected override string PublicBaseUrl => "";
}

public sealed class InstagramUploadWithoutPublicAddressTests(NoPublicAddressInstagramFixture f) : IClassFixture<NoPublicAddressInstagramFixture>
{
    [Fact]
    public async Task An_upload_is_refused_with_409_and_nothing_stored_and_capabilities_say_media_goes_by_link()
    {
        var channel = await f.ConnectChannelAsync();
        var (_, conversation, _) = await f.ContactWritesAsync(channel);
        using var client = f.Api.Client(channel.Owner.Token, channel.OrgId);

        var response = await client.UploadAsync(conversation, UploadForms.Form(UploadForms.Png(1000)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("public_url_required", (await response.ReadJsonAsync()).Str("code"));
        Assert.Equal(0, await f.Api.Database.AdminScalarAsync<long>("select count(*) from messaging.attachments"));
        Assert.Equal(["inbound"], (await f.MessagesAsync(channel.Id)).Select(m => m.Direction));
        var capabilities = await (await client.GetAsync($"/api/v1/channels/{channel.Id}/capabilities")).ReadJsonAsync();
        Assert.True(capabilities.GetProperty("media_by_link_only").GetBoolean());
        Assert.Equal(1000, capabilities.GetProperty("max_text_length").GetInt32());
    }
}
