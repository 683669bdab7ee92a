using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>Org API keys: shown once, stored hashed, scoped to one org and some permissions, expiring and
/// revocable, used as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public async Task An_owner_creates_a_key_that_is_shown_once_and_stored_only_as_a_hash()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);

        var created = await asOwner.PostAsJsonAsync("/api/v1/api-keys", new { name = "Website backend", scopes = new[] { "contacts:write" } });
        var body = await created.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = body.GetProperty("id").GetGuid();
        var key = body.GetProperty("key").GetString()!;
        Assert.StartsWith("omni_sk_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 40, key);
        Assert.Equal($"/api/v1/api-keys/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Website backend", body.GetProperty("name").GetString());
        Assert.Equal(["contacts:write"], body.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(key[..12], body.GetProperty("prefix").GetString());

        var secret = key["omni_sk_".Length..];
        var list = await asOwner.GetAsync("/api/v1/api-keys");
        var listText = await list.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listed = Assert.Single(JsonDocument.Parse(listText).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetGuid());
        Assert.False(listed.TryGetProperty("key", out _), listText);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);

        var detail = await asOwner.GetAsync($"/api/v1/api-keys/{id}");
        var detailText = await detail.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Equal(key[..12], JsonDocument.Parse(detailText).RootElement.GetProperty("prefix").GetString());
        Assert.False(JsonDocument.Parse(detailText).RootElement.TryGetProperty("key", out _), detailText);
        Assert.DoesNotContain(secret, detailText, StringComparison.Ordinal);

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        Assert.Equal(1L, await api.Database.AdminScalarAsync<long>(
            "select count(*) from omni.api_keys where id = $1 and key_hash = $2", id, hash));
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>(
            "select count(*) from omni.api_keys k where strpos(to_jsonb(k)::text, $1) > 0 or strpos(to_jsonb(k)::text, $2) > 0",
            secret, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret))));
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>("""
            select count(*) from pg_tables t
            where t.schemaname in ('omni', 'public', 'auth')
              and strpos(query_to_xml(format('select * from %I.%I', t.schemaname, t.tablename), true, false, '')::text, $1) > 0
            """, secret));
    }

    [Fact]
    public async Task A_key_works_as_a_bearer_token_and_its_use_is_recorded()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);
        var (id, key) = await CreateKeyAsync(asOwner, ["contacts:write"]);
        Assert.Equal(JsonValueKind.Null, (await GetKeyAsync(asOwner, id)).GetProperty("last_used_at").ValueKind);
        using var asKey = api.Client(key);

        var contact = await asKey.CreateContactAsync(new { name = "Created by a key", email = "by-key@example.com" });
        var list = await asKey.GetAsync("/api/v1/contacts");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var items = (await list.ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(contact.GetProperty("id").GetGuid(), Assert.Single(items).GetProperty("id").GetGuid());
        using (var asOwnerInOrg = api.Client(owner.Token, org))
            Assert.Equal(HttpStatusCode.OK, (await asOwnerInOrg.GetAsync($"/api/v1/contacts/{contact.GetProperty("id").GetGuid()}")).StatusCode);
        var me = await (await asKey.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Equal("api_key", me.GetProperty("kind").GetString());
        Assert.Equal(id, me.GetProperty("api_key_id").GetGuid());
        var lastUsed = (await GetKeyAsync(asOwner, id)).GetProperty("last_used_at").GetDateTimeOffset();
        Assert.InRange(lastUsed, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_key_may_do_only_what_its_scopes_allow()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);
        var (_, readKey) = await CreateKeyAsync(asOwner, ["contacts:read"]);
        var (_, writeKey) = await CreateKeyAsync(asOwner, ["contacts:write"]);
        using var asReader = api.Client(readKey);
        using var asWriter = api.Client(writeKey);

        var write = await asReader.PostAsJsonAsync("/api/v1/contacts", new { name = "Not allowed" });

        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("insufficient_permission", (await write.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await asReader.GetAsync("/api/v1/contacts")).StatusCode);
        var contact = await asWriter.CreateContactAsync(new { name = "Allowed" });
        Assert.Equal(HttpStatusCode.OK, (await asReader.GetAsync($"/api/v1/contacts/{contact.GetProperty("id").GetGuid()}")).StatusCode);
        var delete = await asReader.DeleteAsync($"/api/v1/contacts/{contact.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task No_key_can_manage_keys_members_or_the_org()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);
        var (id, key) = await CreateKeyAsync(asOwner, ["*"]);
        using var asKey = api.Client(key);
        await asKey.CreateContactAsync(new { name = "A wildcard key writes contacts" });

        var attempts = new (string What, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("create a key", () => asKey.PostAsJsonAsync("/api/v1/api-keys", new { name = "Child", scopes = new[] { "*" } })),
            ("list keys", () => asKey.GetAsync("/api/v1/api-keys")),
            ("read a key", () => asKey.GetAsync($"/api/v1/api-keys/{id}")),
            ("revoke a key", () => asKey.DeleteAsync($"/api/v1/api-keys/{id}")),
            ("add a member", () => asKey.PostAsJsonAsync($"/api/v1/orgs/{org}/members", new { email = "intruder@example.com", role = "owner" })),
            ("list invitations", () => asKey.GetAsync($"/api/v1/orgs/{org}/invitations")),
            ("rename the org", () => asKey.PatchAsJsonAsync($"/api/v1/orgs/{org}", new { name = "Taken over" })),
        };

        foreach (var (what, send) in attempts)
        {
            var response = await send();
            var body = await response.ReadJsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)response.StatusCode} {body}");
            Assert.Equal("insufficient_permission", body.GetProperty("code").GetString());
        }
        Assert.Equal(JsonValueKind.Null, (await GetKeyAsync(asOwner, id)).GetProperty("revoked_at").ValueKind);
        var orgNow = await (await asOwner.GetAsync($"/api/v1/orgs/{org}")).ReadJsonAsync();
        Assert.Equal("Test org", orgNow.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Scopes_that_do_not_exist_or_belong_to_people_are_refused_at_creation()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);

        foreach (var scopes in new[] { new[] { "contacts:delete" }, ["bogus"], ["api_keys:manage"], ["members:manage"], ["org:manage"], ["contacts:write", "nope:*"], [] })
        {
            var response = await asOwner.PostAsJsonAsync("/api/v1/api-keys", new { name = "Bad", scopes });
            var body = await response.ReadJsonAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"[{string.Join(',', scopes)}]: {(int)response.StatusCode} {body}");
            Assert.Equal("validation_failed", body.GetProperty("code").GetString());
            Assert.Contains(body.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("scopes", StringComparison.Ordinal));
        }
        var keys = await (await asOwner.GetAsync("/api/v1/api-keys")).ReadJsonAsync();
        Assert.Empty(keys.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Created, (await asOwner.PostAsJsonAsync("/api/v1/api-keys", new { name = "Good", scopes = new[] { "contacts:*" } })).StatusCode);
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused_at_creation()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);

        var response = await asOwner.PostAsJsonAsync("/api/v1/api-keys",
            new { name = "Stale", scopes = new[] { "contacts:read" }, expires_at = DateTimeOffset.UtcNow.AddMinutes(-5) });
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty("expires_at", out _), body.ToString());
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);
        var (id, key) = await CreateKeyAsync(asOwner, ["contacts:read"], DateTimeOffset.UtcNow.AddDays(1));
        using var asKey = api.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await asKey.GetAsync("/api/v1/contacts")).StatusCode);

        await api.Database.AdminExecAsync("update omni.api_keys set expires_at = now() - interval '1 second' where id = $1", id);
        var response = await asKey.GetAsync("/api/v1/contacts");

        await AssertInvalidTokenAsync(response);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var asOwner = api.Client(owner.Token);
        var (id, key) = await CreateKeyAsync(asOwner, ["contacts:write"]);
        using var asKey = api.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await asKey.GetAsync("/api/v1/contacts")).StatusCode);

        var revoke = await asOwner.DeleteAsync($"/api/v1/api-keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await AssertInvalidTokenAsync(await asKey.GetAsync("/api/v1/contacts"));
        await AssertInvalidTokenAsync(await asKey.PostAsJsonAsync("/api/v1/contacts", new { name = "After revocation" }));
        Assert.Equal(JsonValueKind.String, (await GetKeyAsync(asOwner, id)).GetProperty("revoked_at").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await asOwner.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_key_acts_only_in_its_own_org()
    {
        var api = await TestApi.Shared;
        var (ownerA, orgA) = await api.NewOrgAsync("Org A");
        var (ownerB, orgB) = await api.NewOrgAsync("Org B");
        using var asOwnerA = api.Client(ownerA.Token);
        using var asOwnerB = api.Client(ownerB.Token);
        var (_, keyA) = await CreateKeyAsync(asOwnerA, ["*"]);
        var contactB = (await asOwnerB.CreateContactAsync(new { name = "Belongs to B", email = "b@example.com" })).GetProperty("id").GetGuid();

        using var naming = api.Client(keyA, orgB);
        var mismatch = await naming.GetAsync("/api/v1/contacts");
        Assert.Equal(HttpStatusCode.Forbidden, mismatch.StatusCode);
        Assert.Equal("org_mismatch", (await mismatch.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await naming.GetAsync($"/api/v1/contacts/{contactB}")).StatusCode);

        using var asKeyA = api.Client(keyA);
        Assert.Equal(HttpStatusCode.NotFound, (await asKeyA.GetAsync($"/api/v1/contacts/{contactB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asKeyA.PatchAsJsonAsync($"/api/v1/contacts/{contactB}", new { name = "Hijacked" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asKeyA.DeleteAsync($"/api/v1/contacts/{contactB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asKeyA.GetAsync($"/api/v1/orgs/{orgB}")).StatusCode);
        var listed = await (await asKeyA.GetAsync("/api/v1/contacts")).ReadJsonAsync();
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
        using var inOwnOrg = api.Client(keyA, orgA);
        Assert.Equal(HttpStatusCode.OK, (await inOwnOrg.GetAsync("/api/v1/contacts")).StatusCode);

        var stillThere = await (await asOwnerB.GetAsync($"/api/v1/contacts/{contactB}")).ReadJsonAsync();
        Assert.Equal("Belongs to B", stillThere.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_viewer_cannot_create_keys_but_an_admin_can()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        var viewer = Actors.NewUser();
        var admin = Actors.NewUser();
        await api.AddMemberAsync(owner, org, viewer, "viewer");
        await api.AddMemberAsync(owner, org, admin, "admin");
        using var asViewer = api.Client(viewer.Token, org);
        using var asAdmin = api.Client(admin.Token, org);

        var create = await asViewer.PostAsJsonAsync("/api/v1/api-keys", new { name = "Viewer's key", scopes = new[] { "contacts:read" } });

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("insufficient_permission", (await create.ReadJsonAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.GetAsync("/api/v1/api-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await asAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "Admin's key", scopes = new[] { "contacts:read" } })).StatusCode);
    }

    [Fact]
    public async Task Keys_of_one_org_are_invisible_to_another_orgs_owner()
    {
        var api = await TestApi.Shared;
        var (ownerA, _) = await api.NewOrgAsync("Org A");
        var (ownerB, _) = await api.NewOrgAsync("Org B");
        using var asOwnerA = api.Client(ownerA.Token);
        using var asOwnerB = api.Client(ownerB.Token);
        var (idA, keyA) = await CreateKeyAsync(asOwnerA, ["contacts:read"]);

        Assert.Equal(HttpStatusCode.NotFound, (await asOwnerB.GetAsync($"/api/v1/api-keys/{idA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asOwnerB.DeleteAsync($"/api/v1/api-keys/{idA}")).StatusCode);
        var listB = await (await asOwnerB.GetAsync("/api/v1/api-keys")).ReadJsonAsync();
        Assert.Empty(listB.GetProperty("items").EnumerateArray());

        using var asKeyA = api.Client(keyA);
        Assert.Equal(HttpStatusCode.OK, (await asKeyA.GetAsync("/api/v1/contacts")).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await GetKeyAsync(asOwnerA, idA)).GetProperty("revoked_at").ValueKind);
    }

    [Fact]
    public async Task A_made_up_key_is_refused()
    {
        var api = await TestApi.Shared;
        using var client = api.Client("omni_sk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('='));

        await AssertInvalidTokenAsync(await client.GetAsync("/api/v1/contacts"));
    }

    private static async Task<(Guid Id, string Key)> CreateKeyAsync(HttpClient owner, string[] scopes, DateTimeOffset? expiresAt = null)
    {
        var response = await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "Test key", scopes, expires_at = expiresAt });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private static async Task<JsonElement> GetKeyAsync(HttpClient owner, Guid id)
    {
        var response = await owner.GetAsync($"/api/v1/api-keys/{id}");
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static async Task AssertInvalidTokenAsync(HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_token", body.GetProperty("code").GetString());
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }
}
