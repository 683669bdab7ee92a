using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Storage;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Instagram;

public sealed class InstagramAttachmentTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    // A 1x1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task An_image_is_fetched_from_instagrams_cdn_into_storage()
    {
        // Given an image on the CDN, announced in a message
        var channel = await f.ConnectChannelAsync();
        var url = f.Fake.AddMedia(Png, "image/png");
        var mid = InstagramEvents.NewMid();

        await Deliver(channel, InstagramEvents.Attachments(channel.Account.Id, InstagramEvents.NewIgsid(), mid, null, ("image", url)));

        // Then the message is an image whose bytes end up in our storage
        var message = await f.EventuallyAsync(() => f.MessageByExternalIdAsync(channel.Id, mid), "the message");
        Assert.Equal("image", message.Type);
        var attachment = await StoredAsync(message.Id);
        Assert.Equal(("image", "stored", "image/png", (long?)Png.Length), (attachment.Kind, attachment.Status, attachment.MimeType, attachment.SizeBytes));
        Assert.Equal(url.ToString(), attachment.SourceRef);
        var blob = await f.Api.Services.GetRequiredService<IBlobStorage>().GetAsync(attachment.StorageKey!, CancellationToken.None);
        Assert.Equal(Png, blob!.Content);
        // fetched without credentials: a CDN link is its own authorization
        Assert.All(f.Fake.Calls.Where(c => c.Path == FakeInstagram.MediaPath), c => Assert.Equal("", c.Authorization));
    }

    [Fact]
    public async Task An_attachment_whose_link_expired_leaves_the_message_with_a_failed_attachment()
    {
        var channel = await f.ConnectChannelAsync();
        var url = f.Fake.AddMedia(Png, "image/png");
        f.Fake.ExpireMedia(url);
        var mid = InstagramEvents.NewMid();

        await Deliver(channel, InstagramEvents.Attachments(channel.Account.Id, InstagramEvents.NewIgsid(), mid, null, ("image", url)));

        var message = await f.EventuallyAsync(() => f.MessageByExternalIdAsync(channel.Id, mid), "the message");
        var attachment = await StoredAsync(message.Id);
        Assert.Equal("failed", attachment.Status);
        Assert.StartsWith("media_unavailable:", attachment.Error, StringComparison.Ordinal);
        Assert.Null(attachment.StorageKey);
    }

    [Fact]
    public async Task An_attachment_over_the_size_cap_leaves_the_message_with_a_failed_attachment()
    {
        var channel = await f.ConnectChannelAsync();
        var url = f.Fake.AddMedia(new byte[InstagramFixture.MaxMediaBytes + 1], "video/mp4");
        var mid = InstagramEvents.NewMid();

        await Deliver(channel, InstagramEvents.Attachments(channel.Account.Id, InstagramEvents.NewIgsid(), mid, null, ("video", url)));

        var message = await f.EventuallyAsync(() => f.MessageByExternalIdAsync(channel.Id, mid), "the message");
        var attachment = await StoredAsync(message.Id);
        Assert.Equal(("video", "failed"), (attachment.Kind, attachment.Status));
        Assert.StartsWith("too_large:", attachment.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Story_mentions_shares_and_reels_keep_their_media_and_a_type_we_do_not_know_is_kept_as_unsupported()
    {
        // Given one message with a story mention, a reel, a share and a template card, in that order
        var channel = await f.ConnectChannelAsync();
        var story = f.Fake.AddMedia(Png, "image/png");
        var reel = f.Fake.AddMedia([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70], "video/mp4");
        var share = f.Fake.AddMedia(Png, "image/jpeg");
        var mid = InstagramEvents.NewMid();

        await Deliver(channel, InstagramEvents.Attachments(channel.Account.Id, InstagramEvents.NewIgsid(), mid, null,
            ("story_mention", story), ("ig_reel", reel), ("share", share), ("template", null)));

        // Then each becomes a message of its own, the media ones with their media fetched
        await f.WebhooksProcessedAsync(channel.Id, 1);
        var messages = (await f.MessagesAsync(channel.Id)).ToDictionary(m => m.ExternalId!);
        Assert.Equal(4, messages.Count);
        Assert.Equal("file", messages[mid].Type);
        Assert.Equal("story_mention", messages[mid].Attributes.GetProperty("instagram_attachment_type").GetString());
        Assert.Equal("video", messages[$"{mid}#1"].Type);
        Assert.Equal("file", messages[$"{mid}#2"].Type);
        Assert.Equal("unsupported", messages[$"{mid}#3"].Type);
        Assert.Equal("template", messages[$"{mid}#3"].Attributes.GetProperty("instagram_attachment").GetProperty("type").GetString());

        Assert.Equal(("file", "stored", "image/png"), Summary(await StoredAsync(messages[mid].Id)));
        Assert.Equal(("video", "stored", "video/mp4"), Summary(await StoredAsync(messages[$"{mid}#1"].Id)));
        Assert.Equal(("file", "stored", "image/jpeg"), Summary(await StoredAsync(messages[$"{mid}#2"].Id)));
        Assert.Empty(await f.AttachmentsAsync(messages[$"{mid}#3"].Id));
    }

    private static (string, string, string?) Summary(AttachmentRow a) => (a.Kind, a.Status, a.MimeType);

    private async Task Deliver(InstagramChannel channel, System.Text.Json.Nodes.JsonObject item)
    {
        var response = await f.Fake.DeliverAsync(InstagramEvents.Envelope(channel.Account.Id, item));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The message's attachment once its fetch has ended (stored or failed).</summary>
    private Task<AttachmentRow> StoredAsync(Guid messageId) =>
        f.EventuallyAsync(async () => (await f.AttachmentsAsync(messageId)).SingleOrDefault(a => a.Status != "pending"), "the attachment fetch to end");
}
