using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Storage;
using Omni.Tests.Infrastructure.Fakes;
using static Omni.Tests.Infrastructure.Fakes.WhatsAppWebhooks;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Inbound media comes from WhatsApp into our storage (media lookup, then the short-lived URL with
/// the token), checked for size, type and hash; when it cannot be fetched the message stays and its
/// attachment says why.</summary>
public sealed class WhatsAppMediaTests
{
    private const string Customer = "16505551234";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_inbound_image_is_fetched_into_storage_byte_for_byte(bool hexHash)
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var bytes = new byte[200_000];
        Random.Shared.NextBytes(bytes);
        var mediaId = kit.Fake.AddMedia(number, bytes, "image/jpeg", hexHash);

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, "Sheena", Image(Customer, mediaId, FakeWhatsApp.WebhookHash(bytes), "Taj Mahal")), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.True(attachment.Str("status") == "stored", attachment.ToString());
        Assert.Equal(("image", "image/jpeg", 200_000L), (attachment.Str("kind"), attachment.Str("mime_type"), (long)attachment["size_bytes"]!));
        var blob = await kit.Api.Services.GetRequiredService<IBlobStorage>().GetAsync(attachment.Str("storage_key")!, CancellationToken.None);
        Assert.NotNull(blob);
        Assert.Equal(bytes, blob.Content);
        // The CDN was asked with the channel's token.
        Assert.Contains(kit.Fake.Requests, r => r.Path == $"/cdn/media/{mediaId}" && r.Authorization == "Bearer " + number.AccessToken && r.Status == 200);
    }

    [Fact]
    public async Task Media_larger_than_the_limit_is_refused_before_download_and_the_message_remains()
    {
        await using var kit = await WhatsAppKit.StartAsync(new Dictionary<string, string?> { ["Omni:Media:MaxBytes"] = "1000" });
        var (_, number) = await kit.ConnectAsync();
        var mediaId = kit.Fake.AddMedia(number, new byte[5000], "image/jpeg");

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, null, Image(Customer, mediaId, FakeWhatsApp.WebhookHash(new byte[5000]), "big")), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.Equal("failed", attachment.Str("status"));
        Assert.StartsWith("too_large:", attachment.Str("error"));
        Assert.DoesNotContain(kit.Fake.Requests, r => r.Path.StartsWith("/cdn/", StringComparison.Ordinal));
        Assert.Equal("big", await kit.Database.AdminScalarAsync<string>("select content from messaging.messages"));
    }

    [Fact]
    public async Task Media_whose_size_was_understated_is_cut_off_at_the_limit()
    {
        await using var kit = await WhatsAppKit.StartAsync(new Dictionary<string, string?> { ["Omni:Media:MaxBytes"] = "1000" });
        var (_, number) = await kit.ConnectAsync();
        var mediaId = kit.Fake.AddMedia(number, new byte[5000], "image/jpeg", reportedSize: "10");

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, null, Image(Customer, mediaId, FakeWhatsApp.WebhookHash(new byte[5000]))), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.Equal("failed", attachment.Str("status"));
        Assert.StartsWith("too_large:", attachment.Str("error"));
    }

    [Fact]
    public async Task Media_of_a_type_not_allowed_is_not_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var bytes = "MZ\u0090\u0000"u8.ToArray();
        var mediaId = kit.Fake.AddMedia(number, bytes, "application/x-msdownload");

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, null, Document(Customer, mediaId, FakeWhatsApp.WebhookHash(bytes), "setup.exe")), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.Equal("failed", attachment.Str("status"));
        Assert.StartsWith("type_not_allowed:", attachment.Str("error"));
        Assert.Null(attachment.Str("storage_key"));
        Assert.Equal(1, await kit.CountAsync("select count(*) from messaging.messages"));
    }

    [Fact]
    public async Task Media_whatsapp_no_longer_knows_fails_the_attachment_as_not_found()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, null, Audio(Customer, "999999999", "AAAA")), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.Equal("failed", attachment.Str("status"));
        Assert.StartsWith("media_not_found:", attachment.Str("error"));
        Assert.Equal("audio", await kit.Database.AdminScalarAsync<string>("select type from messaging.messages"));
    }

    [Fact]
    public async Task Media_whose_bytes_do_not_match_the_hash_is_not_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var mediaId = kit.Fake.AddMedia(number, [1, 2, 3, 4], "image/png", reportedSha256: Convert.ToHexStringLower(new byte[32]));

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, null, Image(Customer, mediaId, "irrelevant")), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.Equal("failed", attachment.Str("status"));
        Assert.StartsWith("checksum_mismatch:", attachment.Str("error"));
    }

    [Fact]
    public async Task A_media_download_that_fails_for_a_while_is_retried_and_then_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync();
        var (_, number) = await kit.ConnectAsync();
        var bytes = new byte[] { 9, 8, 7 };
        var mediaId = kit.Fake.AddMedia(number, bytes, "image/png");
        kit.Fake.Fail(FakeWhatsApp.Endpoint.MediaInfo, GraphFailure.SomethingWentWrong);
        kit.Fake.Fail(FakeWhatsApp.Endpoint.MediaDownload, GraphFailure.Http(502));

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, null, Image(Customer, mediaId, FakeWhatsApp.WebhookHash(bytes))), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.Equal("stored", attachment.Str("status"));
        Assert.Equal(3, await kit.Database.AdminScalarAsync<int>("select attempts from omni.jobs where type = 'messaging.fetch-media'"));
    }

    [Fact]
    public async Task A_media_download_that_keeps_failing_ends_with_a_failed_attachment_and_the_message_kept()
    {
        await using var kit = await WhatsAppKit.StartAsync(new Dictionary<string, string?> { ["Omni:Jobs:DefaultMaxAttempts"] = "2" });
        var (_, number) = await kit.ConnectAsync();
        var mediaId = kit.Fake.AddMedia(number, [1], "image/png");
        kit.Fake.Fail(FakeWhatsApp.Endpoint.MediaDownload, GraphFailure.Http(500), GraphFailure.Http(500));

        await kit.Fake.DeliverAsync(kit.Api.BaseAddress, Messages(number, Customer, null, Image(Customer, mediaId, FakeWhatsApp.WebhookHash([1]), "kept")), number);

        var attachment = await AttachmentSettlesAsync(kit);
        Assert.Equal("failed", attachment.Str("status"));
        Assert.StartsWith("fetch_failed:", attachment.Str("error"));
        Assert.Contains("500", attachment.Str("error"));
        Assert.Equal("kept", await kit.Database.AdminScalarAsync<string>("select content from messaging.messages"));
    }

    private static async Task<WhatsAppKit.Row> AttachmentSettlesAsync(WhatsAppKit kit)
    {
        await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from messaging.attachments where status in ('stored', 'failed')") == 1,
            "the attachment was never fetched nor failed",
            async () => string.Join('\n', (await kit.RowsAsync("select a.status, a.error, j.attempts, j.last_error from messaging.attachments a left join omni.jobs j on j.type = 'messaging.fetch-media'")).Select(r => r.ToString())));
        return (await kit.RowsAsync("select * from messaging.attachments")).Single();
    }
}
