using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Storage;

namespace Omni.Tests.Channels.Telegram;

/// <summary>Inbound media brought into our storage: getFile, then the download from Telegram's file path.</summary>
public sealed class TelegramMediaTests
{
    [Fact]
    public async Task An_inbound_photo_is_fetched_from_telegram_into_storage()
    {
        // Given a user who sends a photo
        await using var kit = await TelegramKit.StartAsync("fetch_photo");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var jpeg = new byte[5000];
        Random.Shared.NextBytes(jpeg);
        var update = bot.Photo(bot.PrivateChat(), jpeg, "look");

        // When it arrives and its media job runs
        await kit.DeliverAsync(bot, update);
        await kit.IdleAsync(channel);

        // Then the largest size was asked for and downloaded, and its bytes are in storage as a JPEG
        var largest = update["message"]!["photo"]![2]!["file_id"]!.GetValue<string>();
        Assert.Equal(largest, Assert.Single(kit.Fake.RequestsOf(bot, "getFile")).Parameters["file_id"]!.GetValue<string>());
        Assert.Single(kit.Fake.RequestsOf(bot, "file"));
        var (status, key, mime, size) = Assert.Single(await kit.QueryAsync("select status, storage_key, mime_type, size_bytes from messaging.attachments",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? 0 : r.GetInt64(3))));
        Assert.Equal(("stored", "image/jpeg", 5000L), (status, mime, size));
        var blob = await kit.Api.Services.GetRequiredService<IBlobStorage>().GetAsync(key!, CancellationToken.None);
        Assert.Equal(jpeg, blob!.Content);
    }

    [Fact]
    public async Task A_voice_note_is_stored_as_ogg_audio_although_the_download_does_not_say_what_it_is()
    {
        await using var kit = await TelegramKit.StartAsync("fetch_voice");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);

        await kit.DeliverAsync(bot, bot.Voice(bot.PrivateChat(), "OggS voice"u8.ToArray()));
        await kit.IdleAsync(channel);

        Assert.Equal(("stored", "audio/ogg"), Assert.Single(await kit.QueryAsync("select status, mime_type from messaging.attachments",
            r => (r.GetString(0), r.GetString(1)))));
    }

    [Fact]
    public async Task A_file_too_big_for_bots_to_download_fails_its_attachment_as_too_large_and_keeps_the_message()
    {
        // Given a user who sends a 25 MB document (bots may download 20 MB at most)
        await using var kit = await TelegramKit.StartAsync("too_big");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);

        // When it arrives
        await kit.DeliverAsync(bot, bot.Document(bot.PrivateChat(), [1, 2, 3], "backup.zip", "application/zip", "all my files", declaredSize: 25L * 1024 * 1024));
        await kit.IdleAsync(channel);

        // Then the message is there with its caption, and its attachment failed as too large, without a download
        Assert.Equal("all my files", Assert.Single(await kit.MessagesAsync(channel)).Content);
        var (status, error) = Assert.Single(await kit.QueryAsync("select status, error from messaging.attachments", r => (r.GetString(0), r.GetString(1))));
        Assert.Equal("failed", status);
        Assert.StartsWith("too_large:", error);
        Assert.Empty(kit.Fake.RequestsOf(bot, "file"));
    }
}
