using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omni.Channels.Webhooks;
using static Omni.Tests.Infrastructure.Fakes.WhatsAppWebhooks;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>Webhook intake commits concurrent webhooks together, and still answers each only after its own
/// record committed; a bad record in a batch fails alone.</summary>
public sealed class WebhookGroupCommitTests
{
    [Fact]
    public async Task Concurrent_webhooks_share_commits_and_each_200_means_its_record_and_job_are_stored()
    {
        await using var kit = await WhatsAppKit.StartAsync(new Dictionary<string, string?> { ["Omni:Jobs:Enabled"] = "false" });
        var (channelId, number) = await kit.ConnectAsync();
        var bodies = Enumerable.Range(0, 120).Select(n => Messages(number, $"1650555{n:D4}", null, Text($"1650555{n:D4}", $"burst {n}"))).ToList();

        var responses = await Task.WhenAll(bodies.Select(b => kit.Fake.PostWebhookAsync(kit.Api.BaseAddress, b, number.AppSecret)));

        // Right after the last 200, every webhook and its job are there (nothing is acknowledged before its commit)
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var stored = await kit.RowsAsync("select body, xmin::text as tx from channels.webhook_events where channel_id = $1", channelId);
        Assert.Equal(bodies.Order(), stored.Select(r => r.Str("body")!).Order());
        Assert.Equal(120, await kit.CountAsync("select count(*) from omni.jobs where type = 'channels.webhook' and org_id = $1", kit.OrgId));
        Assert.Equal(120, await kit.CountAsync(
            "select count(*) from omni.jobs j join channels.webhook_events w on w.id = (j.payload->>'event_id')::uuid where j.type = 'channels.webhook'"));
        // ... and they were committed in fewer transactions than webhooks
        var transactions = stored.Select(r => r.Str("tx")).Distinct().Count();
        Assert.True(transactions < 120, $"{transactions} transactions for 120 concurrent webhooks: no commit was shared");
    }

    [Fact]
    public async Task A_record_that_cannot_be_stored_fails_alone_and_the_others_of_its_batch_commit()
    {
        await using var kit = await WhatsAppKit.StartAsync(new Dictionary<string, string?> { ["Omni:Jobs:Enabled"] = "false" });
        var (channelId, _) = await kit.ConnectAsync();
        var intake = kit.Api.Services.GetRequiredService<WebhookIntake>();
        var good = new RoutedChannel(channelId, kit.OrgId, new Dictionary<string, string>());
        var gone = new RoutedChannel(Guid.NewGuid(), kit.OrgId, new Dictionary<string, string>()); // no such channel: the foreign key refuses it

        var calls = Enumerable.Range(0, 60).Select(n => intake.RecordAsync(n == 30 ? gone : good, "whatsapp", $"{{\"n\":{n}}}", CancellationToken.None)).ToList();
        await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.True(calls[30].IsFaulted);
        Assert.All(calls.Where((_, i) => i != 30), c => Assert.True(c.IsCompletedSuccessfully));
        Assert.Equal(59, await kit.CountAsync("select count(*) from channels.webhook_events"));
        Assert.Equal(59, await kit.CountAsync("select count(*) from omni.jobs where type = 'channels.webhook'"));
        Assert.Equal(0, await kit.CountAsync("select count(*) from channels.webhook_events where channel_id <> $1", channelId));
    }
}
