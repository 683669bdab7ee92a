using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Ingest;

/// <summary>Every refusal of the ingest contract, with the contract's exact status and
/// <c>{"error": ...}</c> body (never one of our problem documents), in the contract's order, and nothing
/// written when a request is refused.</summary>
public sealed class IngestErrorsTests
{
    private static string Body(string platform, string connectionId) =>
        JsonSerializer.Serialize(new { platform, connection_id = connectionId, conversations = new[] { IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m", "2026-02-01T10:00:00Z")) } });

    [Fact]
    public async Task A_request_without_x_api_key_is_401_Missing_x_api_key_header_before_anything_else()
    {
        var api = await TestApi.Shared;

        await (await api.IngestRawAsync(null, "{}")).AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Missing x-api-key header");
        await (await api.IngestRawAsync("", Body("whatsapp", "x"))).AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Missing x-api-key header");
        // Even a body that is not JSON: the header is checked first
        await (await api.IngestRawAsync(null, "not json")).AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Missing x-api-key header");
    }

    public static TheoryData<string, string> MissingFields => new()
    {
        { "no platform", """{"connection_id":"c","conversations":[]}""" },
        { "empty platform", """{"platform":"","connection_id":"c","conversations":[]}""" },
        { "null platform", """{"platform":null,"connection_id":"c","conversations":[]}""" },
        { "no connection_id", """{"platform":"whatsapp","conversations":[]}""" },
        { "empty connection_id", """{"platform":"whatsapp","connection_id":"","conversations":[]}""" },
        { "numeric connection_id", """{"platform":"whatsapp","connection_id":123,"conversations":[]}""" },
        { "no conversations", """{"platform":"whatsapp","connection_id":"c"}""" },
        { "conversations not an array", """{"platform":"whatsapp","connection_id":"c","conversations":{"a":1}}""" },
        { "conversations null", """{"platform":"whatsapp","connection_id":"c","conversations":null}""" },
        { "an array body", """[1,2]""" },
        { "a string body", "\"hello\"" },
        { "an empty object", "{}" },
    };

    [Theory]
    [MemberData(nameof(MissingFields))]
    public async Task A_request_missing_a_required_field_is_400_with_the_contracts_message(string why, string json)
    {
        var api = await TestApi.Shared;

        var response = await api.IngestRawAsync("any-key", json);

        Assert.False(response.StatusCode == HttpStatusCode.OK, why);
        await response.AssertContractErrorAsync(HttpStatusCode.BadRequest, "Missing required fields: platform, connection_id, conversations");
    }

    [Theory]
    [InlineData("""{"platform": "whatsapp", """)]
    [InlineData("platform=whatsapp")]
    [InlineData("")]
    [InlineData("{\"platform\": \"whatsapp\", \"connection_id\": \"c\", \"conversations\": []} trailing")]
    public async Task A_body_that_is_not_json_is_400_Invalid_JSON_body(string json)
    {
        var api = await TestApi.Shared;

        await (await api.IngestRawAsync("any-key", json)).AssertContractErrorAsync(HttpStatusCode.BadRequest, "Invalid JSON body");
    }

    [Fact]
    public async Task An_unknown_connection_id_or_a_platform_other_than_the_connections_is_401_Invalid_connection_id_or_platform()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync("whatsapp");

        await (await api.IngestRawAsync(connection.Secret, Body("whatsapp", "no_such_connection_" + Guid.NewGuid().ToString("N"))))
            .AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Invalid connection_id or platform");
        await (await api.IngestRawAsync(connection.Secret, Body("telegram", connection.ConnectionId)))
            .AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Invalid connection_id or platform");
        await (await api.IngestRawAsync(connection.Secret, Body("WhatsApp", connection.ConnectionId)))
            .AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Invalid connection_id or platform");
        Assert.Equal(0, await api.CountMessagesAsync(connection.ChannelId));
    }

    [Fact]
    public async Task A_wrong_secret_is_401_Invalid_API_key_and_writes_nothing()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync("whatsapp");

        foreach (var key in new[] { "wrong", connection.Secret + "x", connection.Secret[..^1], connection.Secret.ToUpperInvariant() })
            await (await api.IngestRawAsync(key, Body("whatsapp", connection.ConnectionId))).AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Invalid API key");

        Assert.Equal(0, await api.CountMessagesAsync(connection.ChannelId));
        Assert.True(await api.Database.AdminScalarAsync<bool>("select last_used_at is null from messaging.ingest_connections where id = $1", connection.Id));
    }

    [Fact]
    public async Task An_inactive_connection_with_the_right_secret_is_403_Connection_is_inactive_but_a_wrong_secret_is_still_401()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync("whatsapp");
        await api.Database.AdminExecAsync("update messaging.ingest_connections set is_active = false where id = $1", connection.Id);

        await (await api.IngestRawAsync(connection.Secret, Body("whatsapp", connection.ConnectionId)))
            .AssertContractErrorAsync(HttpStatusCode.Forbidden, "Connection is inactive");
        await (await api.IngestRawAsync("wrong", Body("whatsapp", connection.ConnectionId)))
            .AssertContractErrorAsync(HttpStatusCode.Unauthorized, "Invalid API key");
        Assert.Equal(0, await api.CountMessagesAsync(connection.ChannelId));
    }

    [Fact]
    public async Task An_empty_conversations_array_is_accepted_with_nothing_processed()
    {
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync("telegram");

        var body = await api.IngestRawAsync(connection.Secret, $$"""{"platform":"telegram","connection_id":"{{connection.ConnectionId}}","conversations":[]}""").OkAsync();

        IngestKit.AssertContractResponse(body, """{"success": true, "processed": 0, "results": []}""");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_with_the_contracts_error_shape_whether_or_not_its_length_is_announced()
    {
        // Given an API whose ingest body limit is 64 KiB (16 MiB by default)
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared, new Dictionary<string, string?> { ["Omni:Ingest:MaxBodyBytes"] = "65536" });
        var (_, connection) = await api.NewConnectionAsync("whatsapp");
        var huge = $$"""{"platform":"whatsapp","connection_id":"{{connection.ConnectionId}}","conversations":[],"padding":"{{new string('x', 200 * 1024)}}"}""";
        var justUnder = $$"""{"platform":"whatsapp","connection_id":"{{connection.ConnectionId}}","conversations":[],"padding":"{{new string('x', 60 * 1024)}}"}""";

        using var client = api.Client();
        foreach (var chunked in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, IngestKit.Path) { Content = chunked ? new ChunkedJson(huge) : new StringContent(huge, Encoding.UTF8, "application/json") };
            request.Headers.Add("x-api-key", connection.Secret);
            var response = await client.SendAsync(request);
            await response.AssertContractErrorAsync(HttpStatusCode.RequestEntityTooLarge,
                "Request body too large: at most 65536 bytes (100-500 messages per request recommended)");
        }
        // And a body under the limit is served
        await api.IngestRawAsync(connection.Secret, justUnder).OkAsync();
    }

    [Fact]
    public async Task The_default_body_limit_admits_more_than_the_rest_of_the_api_accepts()
    {
        // 5,000 messages of a few hundred bytes are over the 1 MiB that other routes take
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync("whatsapp");
        var body = $$"""{"platform":"whatsapp","connection_id":"{{connection.ConnectionId}}","conversations":[],"padding":"{{new string('x', 3 * 1024 * 1024)}}"}""";

        await api.IngestRawAsync(connection.Secret, body).OkAsync();
    }

    [Fact]
    public async Task An_unexpected_failure_is_500_Internal_server_error_without_details_and_writes_nothing()
    {
        // Given an API whose contact directory fails in a way nobody planned for
        await using var api = await TestApi.StartAsync(await TestDatabase.Shared, services: s => s.AddScoped<IContactDirectory, FailingDirectory>());
        var (_, connection) = await api.NewConnectionAsync("whatsapp");

        // When a new thread needs a contact
        var response = await api.IngestAsync(connection,
            IngestKit.Conversation("t1", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z")));

        // Then the syncer gets the contract's 500 and nothing of the failure
        await response.AssertContractErrorAsync(HttpStatusCode.InternalServerError, "Internal server error");
        Assert.DoesNotContain(FailingDirectory.Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await api.CountAsync("select count(*) from messaging.conversations where channel_id = $1", connection.ChannelId));
        Assert.Contains(api.Logs.Lines, l => l.Contains(FailingDirectory.Secret, StringComparison.Ordinal));
    }

    private sealed class FailingDirectory : IContactDirectory
    {
        public const string Secret = "connection string with password=hunter2";

        public Task<ContactMatch> FindOrCreateAsync(ContactIdentifier identifier, string? displayName, CancellationToken ct) =>
            throw new InvalidOperationException(Secret);

        public Task<IReadOnlyList<ContactLookup>> FindOrCreateManyAsync(IReadOnlyList<ContactRequest> people, CancellationToken ct) =>
            throw new InvalidOperationException(Secret);

        public Task<Guid?> FindAsync(ContactIdentifier identifier, CancellationToken ct) => throw new InvalidOperationException(Secret);

        public Task<ContactSummary?> GetAsync(Guid contactId, CancellationToken ct) => throw new InvalidOperationException(Secret);
    }

    /// <summary>A body sent without Content-Length (chunked), so the limit must hold while reading.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJson(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
