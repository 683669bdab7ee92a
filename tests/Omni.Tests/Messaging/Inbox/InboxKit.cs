using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Inbox;

/// <summary>An org with an owner's client, where the inbox tests make traffic.</summary>
internal sealed record InboxOrg(TestApi Api, HttpClient Client, TestUser Owner, Guid OrgId);

/// <summary>Traffic for the inbox tests, made the way it happens: agents send through the API (web chat
/// channels need no platform), contacts write through Messaging's <see cref="IInboundSink"/> as the system,
/// the way a webhook job delivers them.</summary>
internal static class InboxKit
{
    public const string Conversations = "/api/v1/conversations";

    public static async Task<InboxOrg> NewInboxAsync(this TestApi api)
    {
        var (owner, orgId) = await api.NewOrgAsync();
        return new InboxOrg(api, api.Client(owner.Token, orgId), owner, orgId);
    }

    public static async Task<Guid> CreateWebChannelAsync(this InboxOrg inbox, string name = "Site")
    {
        var response = await inbox.Client.PostAsJsonAsync("/api/v1/channels", new { type = "web_widget", name });
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    public static string NewVisitor() => "visitor-" + Guid.NewGuid().ToString("N");

    /// <summary>An agent's text to a web chat visitor: creates the contact and its conversation when new.</summary>
    public static async Task<(Guid ConversationId, Guid MessageId)> SendAsync(this InboxOrg inbox, Guid channelId, string visitor, string text = "Hello from the team")
    {
        var body = await inbox.SendRawAsync(channelId, visitor, new { type = "text", text });
        return (body.GetProperty("conversation_id").GetGuid(), body.GetProperty("id").GetGuid());
    }

    public static async Task<JsonElement> SendRawAsync(this InboxOrg inbox, Guid channelId, string visitor, object content)
    {
        var response = await inbox.Client.PostAsJsonAsync($"/api/v1/channels/{channelId}/messages", new { contact_identifier = $"external:{visitor}", content });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body + "\n" + inbox.Api.RecentErrors());
        return body;
    }

    /// <summary>A visitor writes (as a webhook would deliver it). Returns the conversation it landed in.</summary>
    public static async Task<Guid> ReceiveAsync(this InboxOrg inbox, Guid channelId, string visitor, string text = "Hi, I need help",
        string? name = null, DateTimeOffset? at = null, InboundMedia? media = null)
    {
        var externalId = "web-in-" + Guid.NewGuid().ToString("N");
        var message = new InboundMessage(externalId, visitor, "external", visitor, name, media is null ? "text" : media.Kind, text, media,
            null, null, at ?? DbClock.Now);
        await inbox.Api.AsSystemAsync(inbox.OrgId, async sp =>
        {
            await sp.GetRequiredService<IInboundSink>().ReceiveAsync(new InboundBatch(channelId, [message], []), CancellationToken.None);
            return true;
        });
        return await inbox.Api.Database.AdminScalarAsync<Guid>("select conversation_id from messaging.messages where external_id = $1", externalId);
    }

    /// <summary>Runs <paramref name="work"/> in its own unit of work as the system acting for the org, committed.</summary>
    public static async Task<T> AsSystemAsync<T>(this TestApi api, Guid orgId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(SessionIdentity.System(orgId, "test"), CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<RequestContext>().ActAsSystem(orgId);
        var result = await work(scope.ServiceProvider);
        await session.CommitAsync(CancellationToken.None);
        return result;
    }

    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return body;
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string json) =>
        client.PatchAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> PatchOkAsync(this HttpClient client, string url, string json)
    {
        var response = await client.PatchJsonAsync(url, json);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {url} {json}: {(int)response.StatusCode} {body}");
        return body;
    }

    public static Guid[] Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();

    public static async Task<Guid[]> ListIdsAsync(this HttpClient client, string query = "") =>
        (await client.GetOkAsync($"{Conversations}{(query.Length == 0 ? "" : "?" + query)}")).Ids();

    /// <summary>Follows <c>next_cursor</c> to the end; returns every id in the order served and the page count.</summary>
    public static async Task<(List<Guid> Ids, int Pages)> WalkAsync(this HttpClient client, string url, string cursorName = "cursor", string? from = null)
    {
        var ids = new List<Guid>();
        var pages = 0;
        var cursor = from;
        do
        {
            var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            var page = await client.GetOkAsync(cursor is null ? url : $"{url}{separator}{cursorName}={Uri.EscapeDataString(cursor)}");
            ids.AddRange(page.Ids());
            cursor = page.GetProperty("next_cursor").GetString();
            Assert.True(++pages < 1000, "the cursor never ends");
        }
        while (cursor is not null);
        return (ids, pages);
    }

    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }

    public static async Task AssertInvalidAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var fields = body.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToList() : [];
        Assert.True(fields.Contains(field), $"expected errors to name '{field}', got [{string.Join(", ", fields)}]: {body}");
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, Func<Task<string>> describe, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not so after {seconds} s. {await describe()}");
            await Task.Delay(50);
        }
    }
}
