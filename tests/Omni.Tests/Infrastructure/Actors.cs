using System.Net.Http.Json;
using System.Text.Json;

namespace Omni.Tests.Infrastructure;

public sealed record TestUser(Guid Id, string Email, string Token);

/// <summary>People and orgs for a test: each test makes its own, so tests share a database safely.</summary>
public static class Actors
{
    public static TestUser NewUser(string? email = null)
    {
        var id = Guid.NewGuid();
        email ??= $"user-{id:N}@example.com";
        return new TestUser(id, email, TestTokens.Hs256(TestTokens.Claims(id, email)));
    }

    /// <summary>A new user who owns a new org.</summary>
    public static async Task<(TestUser Owner, Guid OrgId)> NewOrgAsync(this TestApi api, string name = "Test org")
    {
        var owner = NewUser();
        var orgId = await api.CreateOrgAsync(owner, name);
        return (owner, orgId);
    }

    public static async Task<Guid> CreateOrgAsync(this TestApi api, TestUser user, string name = "Test org")
    {
        using var client = api.Client(user.Token);
        var response = await client.PostAsJsonAsync("/api/v1/orgs", new { name });
        var body = await response.ReadJsonAsync();
        Assert.True(response.IsSuccessStatusCode, body + "\n" + api.RecentErrors());
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>Adds <paramref name="user"/> to the org with a role (through the API, as its owner).</summary>
    public static async Task AddMemberAsync(this TestApi api, TestUser owner, Guid orgId, TestUser user, string role)
    {
        using (var self = api.Client(user.Token))
            (await self.GetAsync("/api/v1/me")).EnsureSuccessStatusCode(); // seen once, so it exists
        using var client = api.Client(owner.Token);
        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/members", new { user_id = user.Id, role });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> CreateContactAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/contacts", body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, json.ToString());
        return json;
    }
}
