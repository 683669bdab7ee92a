using System.Net;
using Omni.Tests.Infrastructure;
using Omni.Tests.Messaging.Outbound;

namespace Omni.Tests.Channels.Telegram;

/// <summary>A file uploaded with a message goes to Telegram as a multipart upload of its bytes.</summary>
public sealed class TelegramUploadTests
{
    [Fact]
    public async Task An_uploaded_photo_is_sent_as_a_multipart_upload_with_its_caption()
    {
        await using var kit = await TelegramKit.StartAsync("upload");
        var bot = kit.Fake.AddBot();
        var (_, _, client) = await kit.NewOrgAsync();
        var channel = await kit.ConnectAsync(client, bot);
        var ana = bot.PrivateChat();
        var first = await TelegramKit.SendTextAsync(client, channel, ana.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Here is your photo");
        var conversation = (await kit.MessageAsync(first)).ConversationId;
        var photo = UploadForms.Png(300_000);

        var response = await client.UploadAsync(conversation, UploadForms.Form(photo, "image/png", "shelf.png",
            new Dictionary<string, string> { ["content"] = "The blue one" }));

        var queued = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, queued.ToString());
        Assert.Equal("sent", (await kit.SettledAsync(queued.GetProperty("id").GetGuid())).Status);
        var request = Assert.Single(kit.Fake.RequestsOf(bot, "sendPhoto"));
        Assert.Equal(["photo"], request.FileFields);
        Assert.Equal("The blue one", request.Parameters["caption"]!.GetValue<string>());
        Assert.Equal(photo, Assert.Single(bot.Sent, s => s.Method == "sendPhoto").File!.Bytes);
    }
}
