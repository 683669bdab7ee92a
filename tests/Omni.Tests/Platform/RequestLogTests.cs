using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Every_log_line_of_a_request_carries_its_request_id_and_no_credentials()
    {
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared, new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
        });
        var (owner, _) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token);
        await client.CreateContactAsync(new { name = "Ana", email = "ana-log@example.com" });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts?token=should-not-be-logged")
        {
            Content = JsonContent.Create(new { name = "Ana again", email = "ana-log@example.com" }),
        };
        request.Headers.Add("X-Request-Id", "trace-me-1");
        var conflict = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        var ofRequest = api.LogEvents.Events.Where(e => e.Properties.TryGetValue("RequestId", out var id) && id.ToString() == "\"trace-me-1\"").ToList();
        Assert.Contains(ofRequest, e => e.RenderMessage().Contains("\"/api/v1/contacts\" responded 409", StringComparison.Ordinal));
        Assert.Contains(ofRequest, e => e.RenderMessage().Contains("identifier_taken", StringComparison.Ordinal));

        // Every line written while a request ran carries the id that request answered with.
        var requestLines = api.LogEvents.Events.Where(e => e.Properties.ContainsKey("RequestPath")).ToList();
        Assert.True(requestLines.Count >= 4);
        Assert.All(requestLines, e => Assert.Matches("^\"([0-9a-f]{32}|trace-me-1)\"$", e.Properties["RequestId"].ToString()));

        var everything = string.Join('\n', api.LogEvents.Events.Select(e => e.RenderMessage() + " " + string.Join(' ', e.Properties.Values)));
        Assert.DoesNotContain(owner.Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Token[..40], everything, StringComparison.Ordinal);
        Assert.DoesNotContain("should-not-be-logged", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer ey", everything, StringComparison.Ordinal);
    }
}
