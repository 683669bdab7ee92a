using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

/// <summary>Small helpers the contacts tests share: raw JSON bodies (PATCH needs explicit nulls), problem
/// assertions, reading contacts back, and running the <see cref="IContactDirectory"/> contract as the system.</summary>
internal static class ContactsKit
{
    public const string Contacts = "/api/v1/contacts";

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, RawJson(json));

    public static Task<HttpResponseMessage> PatchRawAsync(this HttpClient client, string url, string json) =>
        client.PatchAsync(url, RawJson(json));

    public static async Task<Guid> CreateContactIdAsync(this HttpClient client, object body) =>
        (await client.CreateContactAsync(body)).GetProperty("id").GetGuid();

    public static async Task<JsonElement> GetContactAsync(this HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"{Contacts}/{id}");
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET contact {id}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Asserts an RFC 7807 problem with the given status and stable code, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task<JsonElement> AssertInvalidFieldAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(body.TryGetProperty("errors", out var errors), $"no errors in {body}");
        var fields = errors.EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(fields.Contains(field), $"expected errors to name '{field}', got [{string.Join(", ", fields)}]");
        return body;
    }

    public static string[] Strings(this JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static (string Type, string Value)[] Identifiers(this JsonElement contact) =>
        contact.GetProperty("identifiers").EnumerateArray()
            .Select(i => (i.GetProperty("type").GetString()!, i.GetProperty("value").GetString()!))
            .OrderBy(i => i.Item1, StringComparer.Ordinal).ThenBy(i => i.Item2, StringComparer.Ordinal)
            .ToArray();

    /// <summary>An object's members as sorted (name, raw JSON) pairs: jsonb does not keep key order.</summary>
    public static (string Name, string Json)[] Fields(this JsonElement obj) =>
        obj.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())).OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();

    public static Guid IdentifierId(this JsonElement contact, string type, string value) =>
        contact.GetProperty("identifiers").EnumerateArray()
            .Single(i => i.GetProperty("type").GetString() == type && i.GetProperty("value").GetString() == value)
            .GetProperty("id").GetGuid();

    public static Guid[] Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();

    public static async Task<Guid[]> SearchAsync(this HttpClient client, string query)
    {
        var response = await client.GetAsync($"{Contacts}?{query}");
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET contacts?{query}: {(int)response.StatusCode} {json}");
        return json.Ids();
    }

    /// <summary>A client for the owner of a new org.</summary>
    public static async Task<(HttpClient Client, TestUser Owner, Guid OrgId)> NewOrgClientAsync(this TestApi api)
    {
        var (owner, orgId) = await api.NewOrgAsync();
        return (api.Client(owner.Token, orgId), owner, orgId);
    }

    public static Task<long> CountContactsAsync(this TestApi api, Guid orgId) =>
        api.Database.AdminScalarAsync<long>("select count(*) from contacts.contacts where org_id = $1", orgId);

    /// <summary>Runs <paramref name="work"/> the way another module would: in its own unit of work, as the
    /// system acting for <paramref name="orgId"/>, committed at the end.</summary>
    public static async Task<T> WithDirectoryAsync<T>(this TestApi api, Guid orgId, Func<IContactDirectory, Task<T>> work)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(SessionIdentity.System(orgId, "test"), CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<RequestContext>().ActAsSystem(orgId);
        var directory = scope.ServiceProvider.GetRequiredService<IContactDirectory>();
        var result = await work(directory);
        await session.CommitAsync(CancellationToken.None);
        return result;
    }

    public static Task<ContactMatch> FindOrCreateAsync(this TestApi api, Guid orgId, string type, string value, string? name = null) =>
        api.WithDirectoryAsync(orgId, d => d.FindOrCreateAsync(new ContactIdentifier(type, value), name, CancellationToken.None));

    public static async Task<HttpResponseMessage> PostContactAsync(this HttpClient client, object body) =>
        await client.PostAsJsonAsync(Contacts, body);
}
