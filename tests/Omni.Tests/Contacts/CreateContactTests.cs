using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

public sealed class CreateContactTests
{
    [Fact]
    public async Task Creating_a_contact_returns_201_with_its_location_and_stores_every_field()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var response = await client.PostRawAsync(ContactsKit.Contacts, """
            {"name":"  Maria Silva  ","email":"Maria.Silva@Example.COM","phone":"+55 (11) 98765-4321",
             "identifiers":[{"type":"instagram","value":"@Maria.Silva"},{"type":"telegram","value":"@maria_tg"}],
             "tags":["vip"," returning ","vip"],"custom_fields":{"company":"Acme","seats":12,"nested":{"a":[1,2]}}}
            """);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/contacts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Maria Silva", body.GetProperty("name").GetString());
        Assert.Equal("maria.silva@example.com", body.GetProperty("email").GetString());
        Assert.Equal("+5511987654321", body.GetProperty("phone").GetString());
        Assert.Equal(["vip", "returning"], body.GetProperty("tags").Strings());
        Assert.Equal(
            [("email", "maria.silva@example.com"), ("instagram", "@maria.silva"), ("phone", "+5511987654321"), ("telegram", "@maria_tg")],
            body.Identifiers());

        var fetched = await client.GetContactAsync(id);
        Assert.Equal("maria.silva@example.com", fetched.GetProperty("email").GetString());
        Assert.Equal("+5511987654321", fetched.GetProperty("phone").GetString());
        Assert.Equal(body.Identifiers(), fetched.Identifiers());
        var fields = fetched.GetProperty("custom_fields");
        Assert.Equal("Acme", fields.GetProperty("company").GetString());
        Assert.Equal(12, fields.GetProperty("seats").GetInt32());
        Assert.Equal(2, fields.GetProperty("nested").GetProperty("a").GetArrayLength());
        Assert.Equal(body.GetProperty("created_at").GetDateTimeOffset(), fetched.GetProperty("created_at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("+55 (11) 98765-4321", "+5511987654321")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    [InlineData("16505551234", "+16505551234")]
    [InlineData("+1.650.555.1234", "+16505551234")]
    public async Task A_phone_is_stored_in_E164_whatever_its_format(string given, string stored)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var contact = await client.CreateContactAsync(new { phone = given });

        Assert.Equal(stored, contact.GetProperty("phone").GetString());
        Assert.Equal([("phone", stored)], contact.Identifiers());
        Assert.True(contact.GetProperty("name").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task A_contact_with_only_an_identifier_is_created_without_name_email_or_phone()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var contact = await client.CreateContactAsync(new { identifiers = new[] { new { type = "external", value = "CRM-00042" } } });

        Assert.Equal([("external", "CRM-00042")], contact.Identifiers());
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("email").ValueKind);
        Assert.Empty(contact.GetProperty("tags").EnumerateArray());
        Assert.Empty(contact.GetProperty("custom_fields").EnumerateObject());
    }

    [Fact]
    public async Task A_second_contact_with_the_same_email_in_any_case_is_refused_with_identifier_taken()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        await client.CreateContactAsync(new { name = "First", email = "ana@example.com" });

        var second = await client.PostContactAsync(new { name = "Second", email = "ANA@example.com" });

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "identifier_taken");
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task A_second_contact_with_the_same_phone_in_another_format_is_refused_with_identifier_taken()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        await client.CreateContactAsync(new { phone = "+55 11 98765-4321" });

        var second = await client.PostContactAsync(new { name = "Other", phone = "005511987654321" });

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "identifier_taken");
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task A_handle_another_contact_holds_is_taken_whatever_its_letter_case()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        await client.CreateContactAsync(new { name = "Holder", identifiers = new[] { new { type = "telegram", value = "@holder_tg" } } });

        var second = await client.PostContactAsync(new { name = "Copycat", identifiers = new[] { new { type = "telegram", value = "@Holder_TG" } } });

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "identifier_taken");
    }

    [Fact]
    public async Task Concurrent_creates_with_one_email_make_one_contact_and_the_others_are_told_identifier_taken()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var posts = Enumerable.Range(0, 10).Select(async i =>
        {
            await start.Task;
            var response = await client.PostContactAsync(new { name = $"Racer {i}", email = "race@example.com" });
            return (response.StatusCode, Body: await response.ReadJsonAsync());
        }).ToArray();
        start.SetResult();
        var responses = await Task.WhenAll(posts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("identifier_taken", r.Body.GetProperty("code").GetString());
        });
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task The_same_email_in_another_org_is_not_taken()
    {
        var api = await TestApi.Shared;
        var (clientA, _, _) = await api.NewOrgClientAsync();
        var (clientB, _, _) = await api.NewOrgClientAsync();
        var inA = await clientA.CreateContactIdAsync(new { email = "shared@example.com", phone = "+5511900001111" });

        var inB = await clientB.CreateContactIdAsync(new { email = "shared@example.com", phone = "+5511900001111" });

        Assert.NotEqual(inA, inB);
    }

    [Theory]
    [InlineData("""{"name":"X","email":"not-an-email"}""", "email")]
    [InlineData("""{"name":"X","phone":"call me"}""", "phone")]
    [InlineData("""{"name":"X","phone":"+12"}""", "phone")]
    [InlineData("""{"name":"X","phone":"+0123456789"}""", "phone")]
    [InlineData("""{"name":"X","identifiers":[{"type":"fax","value":"123"}]}""", "identifiers[0].type")]
    [InlineData("""{"name":"X","identifiers":[{"type":"email","value":"ok@example.com"},{"type":"telegram","value":"@no"}]}""", "identifiers[1].value")]
    [InlineData("""{"name":"X","tags":["  "]}""", "tags")]
    [InlineData("""{"name":"X","custom_fields":[1,2]}""", "custom_fields")]
    [InlineData("""{"name":"X","custom_fields":"text"}""", "custom_fields")]
    [InlineData("""{"name":"X","custom_fields":42}""", "custom_fields")]
    public async Task An_invalid_field_is_refused_with_400_naming_it(string json, string field)
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();

        var response = await client.PostRawAsync(ContactsKit.Contacts, json);

        await response.AssertInvalidFieldAsync(field);
        Assert.Equal(0, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task More_than_50_tags_are_refused_with_400_naming_tags()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var tags = Enumerable.Range(1, 51).Select(i => $"tag{i}").ToArray();

        var refused = await client.PostContactAsync(new { name = "Tagged", tags });
        var accepted = await client.PostContactAsync(new { name = "Tagged", tags = tags[..50] });

        await refused.AssertInvalidFieldAsync("tags");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name":"   "}""")]
    [InlineData("""{"name":null,"identifiers":[],"tags":["vip"]}""")]
    public async Task A_contact_with_neither_a_name_nor_any_identifier_is_refused(string json)
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();

        var response = await client.PostRawAsync(ContactsKit.Contacts, json);

        await response.AssertInvalidFieldAsync("name");
        Assert.Equal(0, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var response = await client.PostRawAsync(ContactsKit.Contacts, """{"name": "Unclosed""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
    }

    [Theory]
    [InlineData("""{"name":"Ana","tags":"vip"}""", "tags")]
    [InlineData("""{"name":"Ana","identifiers":[{"type":"email","value":7}]}""", "identifiers[0].value")]
    public async Task A_value_of_the_wrong_json_type_is_refused_naming_its_field(string json, string field)
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token);

        var response = await client.PostRawAsync(ContactsKit.Contacts, json);

        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }
}
