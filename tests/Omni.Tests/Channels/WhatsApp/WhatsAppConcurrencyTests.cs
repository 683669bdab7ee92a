using Omni.Tests.Infrastructure;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Several API instances share one database and its queue: each message reaches WhatsApp once.</summary>
public sealed class WhatsAppConcurrencyTests
{
    [Fact]
    public async Task Two_api_instances_with_workers_send_a_queue_of_fifty_messages_each_exactly_once()
    {
        // Given two instances on the same database, both running workers, and a conversation with an open window
        await using var kit = await WhatsAppKit.StartAsync(new Dictionary<string, string?> { ["Omni:Test:Instance"] = "first" });
        await using var second = await TestApi.StartAsync(kit.Database, WhatsAppKit.Settings(kit.Fake, new Dictionary<string, string?> { ["Omni:Test:Instance"] = "second" }));
        var (channelId, number) = await kit.ConnectAsync();
        var conversation = await kit.ConversationWithAsync(channelId, number, "16505551234");
        using var secondClient = second.Client(kit.Owner.Token, kit.OrgId);

        // When 50 messages are queued through both instances at once
        var sends = Enumerable.Range(1, 50).Select(async n =>
        {
            var client = n % 2 == 0 ? kit.Client : secondClient;
            var response = await client.PostAsync($"/api/v1/conversations/{conversation}/messages",
                System.Net.Http.Json.JsonContent.Create(new { type = "text", content = $"message {n:D2}" }));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        });
        await Task.WhenAll(sends);
        await WhatsAppKit.EventuallyAsync(async () => await kit.CountAsync("select count(*) from messaging.messages where direction = 'outbound' and status = 'sent'") == 50,
            "not every message was sent", async () => string.Join(", ", (await kit.RowsAsync("select status, count(*) n from messaging.messages group by status")).Select(r => r.ToString())));
        await kit.JobsSettledAsync();

        // Then WhatsApp accepted each text once, and each message holds the wamid it was given
        var texts = kit.Fake.Accepted.Select(a => a.Body.GetProperty("text").GetProperty("body").GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"message {n:D2}"), texts.Order());
        var wamids = (await kit.RowsAsync("select external_id from messaging.messages where direction = 'outbound'")).Select(r => r.Str("external_id")).ToHashSet();
        Assert.True(kit.Fake.Accepted.All(a => wamids.Contains(a.Wamid)));
        var ranOn = (await kit.RowsAsync("select distinct locked_by from omni.jobs where type = 'messaging.send'")).Count;
        Assert.True(ranOn >= 1);
    }
}
