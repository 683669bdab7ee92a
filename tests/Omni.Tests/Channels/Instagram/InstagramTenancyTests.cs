using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Channels.Instagram;

public sealed class InstagramTenancyTests(InstagramFixture f) : IClassFixture<InstagramFixture>
{
    [Fact]
    public async Task Another_org_can_neither_see_the_channel_nor_send_through_it()
    {
        // Given org A's Instagram channel with a conversation
        var channel = await f.ConnectChannelAsync();
        var (igsid, conversation, _) = await f.ContactWritesAsync(channel);
        var (ownerB, orgB) = await f.Api.NewOrgAsync("B");
        using var asB = f.Api.Client(ownerB.Token, orgB);

        // When org B tries to read it and send through it
        var get = await asB.GetAsync($"/api/v1/channels/{channel.Id}");
        var caps = await asB.GetAsync($"/api/v1/channels/{channel.Id}/capabilities");
        var list = await (await asB.GetAsync("/api/v1/channels")).ReadJsonAsync();
        var toContact = await asB.PostAsJsonAsync($"/api/v1/channels/{channel.Id}/messages",
            new { contact_identifier = $"instagram:{igsid}", content = new { type = "text", text = "hi from B" } });
        var toConversation = await asB.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { type = "text", content = "hi from B" });

        // Then everything is 404, nothing is stored for B and Instagram hears nothing
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, caps.StatusCode);
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, toContact.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, toConversation.StatusCode);
        Assert.Equal(0, await f.CountAsync("select count(*) from messaging.messages where org_id = $1", orgB));
        Assert.Equal(["inbound"], (await f.MessagesAsync(channel.Id)).Select(m => m.Direction));
        await Task.Delay(300);
        Assert.Empty(f.SendsFor(channel));
    }
}
