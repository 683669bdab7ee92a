using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Leads;

/// <summary>Helpers the leads tests share: creating leads and pipelines, reading them back, problem assertions.</summary>
internal static class LeadsKit
{
    public const string Leads = "/api/v1/leads";
    public const string Pipelines = "/api/v1/pipelines";

    public static async Task<JsonElement> CreateLeadAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync(Leads, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<Guid> CreateLeadIdAsync(this HttpClient client, object body) => (await client.CreateLeadAsync(body)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<JsonElement> PatchJsonAsync(this HttpClient client, string url, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PatchAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"PATCH {url}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The org's default pipeline (made on first read).</summary>
    public static async Task<JsonElement> DefaultPipelineAsync(this HttpClient client) =>
        (await client.GetOkAsync(Pipelines)).EnumerateArray().Single(p => p.GetProperty("is_default").GetBoolean());

    public static Guid StageId(this JsonElement pipeline, string name) =>
        pipeline.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();

    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }

    public static async Task AssertInvalidFieldsAsync(this HttpResponseMessage response, params string[] fields)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var named = body.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        foreach (var f in fields) Assert.True(named.Contains(f), $"expected errors to name '{f}', got [{string.Join(", ", named)}]");
    }

    public static List<string> Types(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("type").GetString()!).ToList();

    public static List<Guid> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();
}
