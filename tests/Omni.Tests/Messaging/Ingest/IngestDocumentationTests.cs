using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Messaging.Ingest;

/// <summary>The contract endpoint as Swagger shows it, and as clients migrating from the seed's Supabase
/// function call it.</summary>
public sealed class IngestDocumentationTests
{
    [Fact]
    public async Task Swagger_documents_the_ingest_endpoint_with_its_api_key_its_example_and_every_contract_status()
    {
        var api = await TestApi.Shared;

        var document = await ApiDocument.LoadAsync(api);

        var operation = document.Find("POST", IngestKit.Path);
        Assert.NotNull(operation);
        var scheme = document.Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("IngestApiKey");
        Assert.Equal(("apiKey", "header", "x-api-key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.True(operation.Spec.GetProperty("security")[0].TryGetProperty("IngestApiKey", out _), operation.Spec.ToString());
        var responses = operation.Spec.GetProperty("responses");
        Assert.All(new[] { "200", "400", "401", "403", "413", "500" }, status => Assert.True(responses.TryGetProperty(status, out _), $"{status} undocumented"));
        Assert.Equal("wa_business_123", operation.BodyExample?.GetProperty("connection_id").GetString());
    }

    [Fact]
    public async Task A_syncer_that_also_sends_a_supabase_style_authorization_header_is_still_served_by_its_api_key()
    {
        // Supabase functions are called with the project's anon key as a bearer token besides x-api-key.
        var api = await TestApi.Shared;
        var (_, connection) = await api.NewConnectionAsync();
        using var client = api.Client("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl");
        using var request = new HttpRequestMessage(HttpMethod.Post, IngestKit.Path)
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                platform = connection.Platform,
                connection_id = connection.ConnectionId,
                conversations = new[] { IngestKit.Conversation("t", "+15550001111", IngestKit.Text("m1", "2026-02-01T10:00:00Z")) },
            }), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", connection.Secret);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("created", (await response.ReadJsonAsync()).Status(0));
    }
}
