using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Tests.Infrastructure;

/// <summary>Makes real resources in one org for the path parameters of any route: it POSTs the documented
/// example to the route's collection (e.g. <c>/api/v1/contacts</c> for <c>/api/v1/contacts/{id}</c>) and
/// takes the new <c>id</c>. Routes whose collection has no create operation need a seeder below; a new
/// route with neither makes the sweep fail and say so.</summary>
public sealed class RouteResources(TestApi api, ApiDocument document, TestUser owner, Guid orgId)
{
    private readonly Dictionary<string, string> _created = [];

    /// <summary>Collection path template → how to get an id for the parameter that follows it.</summary>
    private Dictionary<string, Func<string, Task<string>>> Seeders => new()
    {
        // The owner is a member; their id is a real member id of the org.
        ["/api/v1/orgs/{id}/members"] = _ => Task.FromResult(owner.Id.ToString()),
        ["/api/v1/orgs/{id}/invitations"] = async collection =>
        {
            using var client = api.Client(owner.Token, orgId);
            var response = await client.PostAsJsonAsync(collection.Replace("/invitations", "/members", StringComparison.Ordinal),
                new { email = $"{Guid.NewGuid():N}@invitee.example", role = "agent" });
            var body = await response.ReadJsonAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            return body.GetProperty("invitation").GetProperty("id").GetString()!;
        },
        // A conversation exists once a message was sent to a contact on a channel (the web chat needs no platform).
        ["/api/v1/conversations"] = async _ =>
        {
            using var client = api.Client(owner.Token, orgId);
            var channel = await (await client.PostAsJsonAsync("/api/v1/channels", new { type = "web_widget", name = "Site" })).ReadJsonAsync();
            var sent = await client.PostAsJsonAsync($"/api/v1/channels/{channel.GetProperty("id")}/messages",
                new { contact_identifier = $"external:{Guid.NewGuid():N}", content = new { type = "text", text = "hi" } });
            var body = await sent.ReadJsonAsync();
            Assert.True(sent.IsSuccessStatusCode, body.ToString());
            return body.GetProperty("conversation_id").GetString()!;
        },
        // An attachment whose bytes are stored, as the media fetch job leaves it (sent by URL, then stored here).
        ["/api/v1/attachments"] = async _ =>
        {
            using var client = api.Client(owner.Token, orgId);
            var channel = await (await client.PostAsJsonAsync("/api/v1/channels", new { type = "web_widget", name = "Site" })).ReadJsonAsync();
            var sent = await (await client.PostAsJsonAsync($"/api/v1/channels/{channel.GetProperty("id")}/messages", new
            {
                contact_identifier = $"external:{Guid.NewGuid():N}",
                content = new { type = "image", text = "a picture", media_url = "https://cdn.example.com/p.jpg" },
            })).ReadJsonAsync();
            var id = sent.GetProperty("attachments")[0].GetProperty("id").GetGuid();
            var key = Omni.Platform.Storage.BlobKeys.For(orgId, id);
            await api.Services.GetRequiredService<Omni.Platform.Storage.IBlobStorage>().PutAsync(key, new byte[] { 1, 2, 3 }, "image/jpeg", CancellationToken.None);
            await api.Database.AdminExecAsync("update messaging.attachments set status = 'stored', storage_key = $2, mime_type = 'image/jpeg' where id = $1", id, key);
            return id.ToString();
        },
        // A task needs a project; the project's creator (the owner) is its first member.
        ["/api/v1/tasks"] = async _ =>
        {
            using var client = api.Client(owner.Token, orgId);
            var project = await (await client.PostAsJsonAsync("/api/v1/projects", new { name = "Swept" })).ReadJsonAsync();
            var response = await client.PostAsJsonAsync("/api/v1/tasks", new { project_id = project.GetProperty("id").GetGuid(), title = "Swept task" });
            var body = await response.ReadJsonAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            return body.GetProperty("id").GetString()!;
        },
        ["/api/v1/projects/{id}/members"] = _ => Task.FromResult(owner.Id.ToString()),
        // A link needs something to point at: a contact of the org.
        ["/api/v1/tasks/{id}/links"] = async collection =>
        {
            using var client = api.Client(owner.Token, orgId);
            var contact = await client.CreateContactAsync(new { name = "Linked" });
            var response = await client.PostAsJsonAsync(collection, new { type = "contact", target_id = contact.GetProperty("id").GetGuid() });
            var body = await response.ReadJsonAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            return body.GetProperty("id").GetString()!;
        },
        ["/api/v1/jobs"] = async _ =>
        {
            var id = Guid.CreateVersion7();
            await api.Database.AdminExecAsync(
                "insert into omni.jobs (id, org_id, type, payload, status) values ($1, $2, 'test.count', '{}', 'dead')", id, orgId);
            return id.ToString();
        },
    };

    /// <summary>The path with every parameter replaced by an id of a resource that exists in the org.</summary>
    public async Task<string> FillAsync(string template)
    {
        var matches = ApiDocument.ParamPattern().Matches(template);
        var filled = template;
        foreach (System.Text.RegularExpressions.Match m in matches)
        {
            var collectionTemplate = template[..m.Index].TrimEnd('/');
            var collection = filled[..filled.IndexOf(m.Value, StringComparison.Ordinal)].TrimEnd('/');
            var value = collectionTemplate == "/api/v1/orgs" ? orgId.ToString() : await CreateAsync(collectionTemplate, collection);
            filled = filled.Replace(m.Value, value, StringComparison.Ordinal);
        }
        return filled;
    }

    private async Task<string> CreateAsync(string collectionTemplate, string collection)
    {
        if (_created.TryGetValue(collection, out var known)) return known;
        string id;
        if (Seeders.TryGetValue(ApiDocument.ParamPattern().Replace(collectionTemplate, "{id}"), out var seed))
        {
            id = await seed(collection);
        }
        else
        {
            var create = document.Find("POST", collectionTemplate)
                ?? throw new InvalidOperationException($"No way to create a resource for {collectionTemplate}/{{...}}: add a POST with an example or a seeder in {nameof(RouteResources)}.");
            var example = create.BodyExample
                ?? throw new InvalidOperationException($"POST {collectionTemplate} has no request example: give its request type IHasExample.");
            using var client = api.Client(owner.Token, orgId);
            var response = await client.PostAsync(collection, JsonContent.Create(example));
            var body = await response.ReadJsonAsync();
            Assert.True(response.IsSuccessStatusCode, $"POST {collection} failed: {body}");
            id = body.TryGetProperty("id", out var idProperty) ? idProperty.ToString()
                : throw new InvalidOperationException($"POST {collection} answered without an id: {body}");
        }
        _created[collection] = id;
        return id;
    }

    public static StringContent? BodyFor(ApiDocument.Operation operation) =>
        operation.BodyExample is { } example ? new StringContent(example.GetRawText(), System.Text.Encoding.UTF8, "application/json") : null;

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
