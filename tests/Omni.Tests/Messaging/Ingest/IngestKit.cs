using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Ingest;

/// <summary>An ingest connection as its creator received it (the secret is only in that response).</summary>
public sealed record TestConnection(Guid Id, string ConnectionId, string Platform, string Secret, Guid ChannelId, Guid OrgId);

/// <summary>What the ingest tests share: connections made through the API, raw contract requests, exact
/// assertions on the contract's bodies, and reading back what was stored (admin SQL, only to inspect).</summary>
internal static class IngestKit
{
    public const string Path = "/functions/v1/messaging-ingest";
    public const string Connections = "/api/v1/messaging/connections";

    public static async Task<TestConnection> CreateConnectionAsync(this HttpClient owner, Guid orgId, string platform, string? connectionId = null, string name = "History sync")
    {
        var response = await owner.PostAsJsonAsync(Connections, new { platform, name, connection_id = connectionId });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create connection: {(int)response.StatusCode} {body}");
        return new TestConnection(body.GetProperty("id").GetGuid(), body.GetProperty("connection_id").GetString()!, platform,
            body.GetProperty("api_secret").GetString()!, body.GetProperty("channel_id").GetGuid(), orgId);
    }

    /// <summary>A new org with one connection on <paramref name="platform"/> (a unique connection id).</summary>
    public static async Task<(HttpClient Owner, TestConnection Connection)> NewConnectionAsync(this TestApi api, string platform = "whatsapp")
    {
        var (owner, orgId) = await api.NewOrgAsync();
        var client = api.Client(owner.Token, orgId);
        return (client, await client.CreateConnectionAsync(orgId, platform));
    }

    public static async Task<HttpResponseMessage> IngestRawAsync(this TestApi api, string? apiKey, string json)
    {
        using var client = api.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (apiKey is not null) request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        return await client.SendAsync(request);
    }

    /// <summary>Sends <paramref name="conversations"/> (anonymous objects, snake_case as written) for the connection.</summary>
    public static Task<HttpResponseMessage> IngestAsync(this TestApi api, TestConnection connection, params object[] conversations) =>
        api.IngestRawAsync(connection.Secret, JsonSerializer.Serialize(new { platform = connection.Platform, connection_id = connection.ConnectionId, conversations }));

    /// <summary>Asserts 200 and returns the body.</summary>
    public static async Task<JsonElement> OkAsync(this Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Asserts the contract's error exactly: the status, a JSON (not problem) body, and nothing but
    /// <c>{"error": message}</c>.</summary>
    public static async Task AssertContractErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["error"] = message }, JsonNode.Parse(text)), $"expected {{\"error\": \"{message}\"}}, got {text}");
    }

    /// <summary>Compares a 200 body with the contract's fields exactly. Each result may carry our extra
    /// <c>inbox_conversation_id</c>: a conversation id, except on error results where it is null.</summary>
    public static void AssertContractResponse(JsonElement actual, string expected)
    {
        var node = JsonNode.Parse(actual.GetRawText())!.AsObject();
        foreach (var result in node["results"]!.AsArray().Select(r => r!.AsObject()))
        {
            Assert.True(result.Remove("inbox_conversation_id", out var inboxId), $"no inbox_conversation_id in {result}");
            var isError = result["status"]!.GetValue<string>().StartsWith("error: ", StringComparison.Ordinal);
            if (isError) Assert.Null(inboxId);
            else Assert.True(Guid.TryParse(inboxId?.GetValue<string>(), out _), $"inbox_conversation_id is not an id: {inboxId}");
        }
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), node), $"expected {JsonNode.Parse(expected)!.ToJsonString()}\n     got {node.ToJsonString()}");
    }

    public static JsonElement Result(this JsonElement body, int index) => body.GetProperty("results")[index];

    public static string Status(this JsonElement body, int index) => body.Result(index).GetProperty("status").GetString()!;

    public static int Added(this JsonElement body, int index) => body.Result(index).GetProperty("messages_added").GetInt32();

    public static Guid InboxId(this JsonElement body, int index) => body.Result(index).GetProperty("inbox_conversation_id").GetGuid();

    public static object Conversation(string externalId, string participant, params object[] messages) =>
        new { external_conversation_id = externalId, participant_identifier = participant, participant_name = "Someone", messages };

    public static object Text(string id, string sentAt, string content = "hello", string direction = "inbound") =>
        new { id, direction, type = "text", content, sent_at = sentAt };

    public static Task<long> CountMessagesAsync(this TestApi api, Guid channelId) =>
        api.Database.AdminScalarAsync<long>("select count(*) from messaging.messages where channel_id = $1", channelId);

    public static Task<long> CountAsync(this TestApi api, string sql, params object[] args) => api.Database.AdminScalarAsync<long>(sql, args);

    /// <summary>A conversation's row as JSON (admin SQL, for inspection).</summary>
    public static async Task<JsonElement> ConversationRowAsync(this TestApi api, Guid conversationId) =>
        JsonDocument.Parse(await api.Database.AdminScalarAsync<string>("select to_jsonb(c)::text from messaging.conversations c where id = $1", conversationId)).RootElement.Clone();

    public static async Task<JsonElement[]> MessageRowsAsync(this TestApi api, Guid conversationId)
    {
        var json = await api.Database.AdminScalarAsync<string>(
            "select coalesce(jsonb_agg(to_jsonb(m) order by m.sent_at, m.external_id), '[]')::text from messaging.messages m where conversation_id = $1", conversationId);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
