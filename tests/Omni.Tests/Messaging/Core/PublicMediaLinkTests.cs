using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omni.Messaging.Media;
using Omni.Platform.Storage;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Core;

/// <summary>Signed, expiring links to stored attachments, for platforms that fetch outgoing media by URL.</summary>
public sealed class PublicMediaLinkTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];

    [Fact]
    public async Task A_valid_link_serves_the_file_and_a_tampered_expired_or_unknown_one_serves_nothing()
    {
        // Given a stored attachment and the API's public address
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared,
            new Dictionary<string, string?> { ["Omni:PublicBaseUrl"] = "https://omni.example.com" });
        var (owner, org) = await api.NewOrgAsync();
        var attachment = await StoredAttachmentAsync(api, org, owner);
        var links = api.Services.GetRequiredService<MediaLinks>();
        using var anonymous = api.Client();

        // When the link is fetched without any credentials
        var link = links.For(attachment, TimeSpan.FromMinutes(5))!;
        Assert.Equal("omni.example.com", link.Host);
        var response = await anonymous.GetAsync(link.PathAndQuery);

        // Then the file comes back as stored
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Jpeg, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);

        // And a changed signature, another attachment's id, an expired link or no signature get 404
        var tampered = link.PathAndQuery[..^2] + (link.PathAndQuery.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA");
        var otherId = link.PathAndQuery.Replace(attachment.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal);
        var expired = links.For(attachment, TimeSpan.FromSeconds(-1))!.PathAndQuery;
        foreach (var path in new[] { tampered, otherId, expired, $"/media/{attachment}" })
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Without_a_public_address_there_are_no_links()
    {
        var api = await TestApi.Shared;
        Assert.Null(api.Services.GetRequiredService<MediaLinks>().For(Guid.NewGuid(), TimeSpan.FromMinutes(5)));
    }

    private static async Task<Guid> StoredAttachmentAsync(TestApi api, Guid org, TestUser owner)
    {
        using var client = api.Client(owner.Token, org);
        var channel = await client.NewWebChannelAsync();
        await api.ReceiveAsync(org, channel, [MessagingKit.Text("media-1", "visitor-m", "photo", DateTimeOffset.UtcNow)]);
        var message = await api.Database.AdminScalarAsync<Guid>("select id from messaging.messages where channel_id = $1", channel);
        var id = Guid.CreateVersion7();
        var key = BlobKeys.For(org, id, "jpg");
        await api.Services.GetRequiredService<IBlobStorage>().PutAsync(key, Jpeg, "image/jpeg", CancellationToken.None);
        await api.Database.AdminExecAsync("""
            insert into messaging.attachments (id, org_id, message_id, kind, mime_type, file_name, size_bytes, storage_key, status)
            values ($1, $2, $3, 'image', 'image/jpeg', 'photo.jpg', $4, $5, 'stored')
            """, id, org, message, (long)Jpeg.Length, key);
        return id;
    }
}
