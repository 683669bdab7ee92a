using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omni.Messaging.Contracts;
using Omni.Platform.Storage;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>GET /attachments/{id}/content: the stored bytes with their content type, for the org that owns them.</summary>
public sealed class AttachmentContentTests
{
    private static string Content(Guid id) => $"/api/v1/attachments/{id}/content";

    /// <summary>An attachment whose bytes are in our storage, as the media fetch job leaves it.</summary>
    internal static async Task<Guid> StoredAttachmentAsync(InboxOrg inbox, byte[] bytes, string kind, string mime, string? fileName = null)
    {
        var channel = await inbox.CreateWebChannelAsync();
        var sent = await inbox.SendRawAsync(channel, InboxKit.NewVisitor(), new { type = kind, text = "here", media_url = "https://cdn.example.com/x" });
        var id = sent.GetProperty("attachments")[0].GetProperty("id").GetGuid();
        var key = BlobKeys.For(inbox.OrgId, id);
        await inbox.Api.Services.GetRequiredService<IBlobStorage>().PutAsync(key, bytes, mime, CancellationToken.None);
        await inbox.Api.Database.AdminExecAsync(
            "update messaging.attachments set status = 'stored', storage_key = $2, mime_type = $3, file_name = $4, size_bytes = $5 where id = $1",
            id, key, mime, (object?)fileName ?? DBNull.Value, (long)bytes.Length);
        return id;
    }

    [Fact]
    public async Task A_stored_image_is_served_inline_with_its_content_type()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var id = await StoredAttachmentAsync(inbox, png, "image", "image/png");

        var response = await inbox.Client.GetAsync(Content(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_stored_file_downloads_under_its_name_and_the_message_links_to_it()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var id = await StoredAttachmentAsync(inbox, "a,b\n1,2\n"u8.ToArray(), "file", "text/csv", "prices.csv");

        var response = await inbox.Client.GetAsync(Content(id));
        var conversation = (await inbox.Client.GetOkAsync(InboxKit.Conversations)).Ids()[0];
        var message = (await inbox.Client.GetOkAsync($"{InboxKit.Conversations}/{conversation}/messages")).GetProperty("items")[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("prices.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var attachment = message.GetProperty("attachments")[0];
        Assert.Equal("stored", attachment.GetProperty("status").GetString());
        Assert.Equal(Content(id), attachment.GetProperty("url").GetString());
    }

    [Fact]
    public async Task An_attachment_not_stored_here_is_409()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var channel = await inbox.CreateWebChannelAsync();
        var sent = await inbox.SendRawAsync(channel, InboxKit.NewVisitor(), new { type = "image", text = "by url", media_url = "https://cdn.example.com/y.jpg" });
        var linked = sent.GetProperty("attachments")[0].GetProperty("id").GetGuid();
        // Web chat media cannot be fetched from a platform: the fetch fails, and says so.
        var conversation = await inbox.ReceiveAsync(channel, InboxKit.NewVisitor(), "photo", media: new InboundMedia("image", "media-1", "image/jpeg", null, "photo"));
        var fromVisitor = await inbox.Api.Database.AdminScalarAsync<Guid>(
            "select a.id from messaging.attachments a join messaging.messages m on m.id = a.message_id where m.conversation_id = $1", conversation);

        await (await inbox.Client.GetAsync(Content(linked))).AssertProblemAsync(HttpStatusCode.Conflict, "attachment_not_stored");
        await (await inbox.Client.GetAsync(Content(fromVisitor))).AssertProblemAsync(HttpStatusCode.Conflict, "attachment_not_stored");
        await InboxKit.EventuallyAsync(
            async () => await inbox.Api.Database.AdminScalarAsync<string>("select status from messaging.attachments where id = $1", fromVisitor) == "failed",
            () => Task.FromResult("the fetch job did not finish"));
        await (await inbox.Client.GetAsync(Content(fromVisitor))).AssertProblemAsync(HttpStatusCode.Conflict, "attachment_not_stored");
    }

    [Fact]
    public async Task Another_org_cannot_download_it_and_a_lost_blob_is_404()
    {
        var inbox = await (await TestApi.Shared).NewInboxAsync();
        var id = await StoredAttachmentAsync(inbox, [1, 2, 3], "image", "image/jpeg");
        var other = await inbox.Api.NewInboxAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync(Content(id))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await inbox.Client.GetAsync(Content(Guid.NewGuid()))).StatusCode);
        await inbox.Api.Database.AdminExecAsync("update messaging.attachments set storage_key = storage_key || '-gone' where id = $1", id);
        Assert.Equal(HttpStatusCode.NotFound, (await inbox.Client.GetAsync(Content(id))).StatusCode);
    }
}
