using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

public sealed class ContactIdentifierTests
{
    [Fact]
    public async Task Adding_a_new_identifier_returns_201_with_the_normalized_value()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(new { name = "Maria" });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{id}/identifiers", new { type = "whatsapp", value = "+55 (11) 98765-4321" });
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var identifierId = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/contacts/{id}/identifiers/{identifierId}", response.Headers.Location?.OriginalString);
        Assert.Equal("whatsapp", body.GetProperty("type").GetString());
        Assert.Equal("+5511987654321", body.GetProperty("value").GetString());
        var contact = await client.GetContactAsync(id);
        Assert.Equal(identifierId, contact.IdentifierId("whatsapp", "+5511987654321"));
    }

    [Fact]
    public async Task Adding_an_identifier_the_contact_already_has_returns_200_with_the_existing_one()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var contact = await client.CreateContactAsync(new { name = "Maria", identifiers = new[] { new { type = "instagram", value = "@maria.silva" } } });
        var id = contact.GetProperty("id").GetGuid();

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{id}/identifiers", new { type = "instagram", value = "@Maria.Silva" });
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contact.IdentifierId("instagram", "@maria.silva"), body.GetProperty("id").GetGuid());
        Assert.Single((await client.GetContactAsync(id)).Identifiers());
    }

    [Fact]
    public async Task Adding_an_identifier_another_contact_holds_is_409_identifier_taken()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var holder = await client.CreateContactIdAsync(new { name = "Holder", phone = "+5511987654321" });
        var other = await client.CreateContactIdAsync(new { name = "Other" });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{other}/identifiers", new { type = "phone", value = "5511987654321" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "identifier_taken");
        Assert.Empty((await client.GetContactAsync(other)).Identifiers());
        Assert.Equal([("phone", "+5511987654321")], (await client.GetContactAsync(holder)).Identifiers());
    }

    [Theory]
    [InlineData("""{"type":"pager","value":"123"}""", "type")]
    [InlineData("""{"value":"@handle_ok"}""", "type")]
    [InlineData("""{"type":"email","value":"not an email"}""", "value")]
    [InlineData("""{"type":"phone","value":""}""", "value")]
    [InlineData("""{"type":"instagram","value":"@has space"}""", "value")]
    public async Task An_invalid_identifier_is_refused_with_400_naming_the_field(string json, string field)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(new { name = "Maria" });

        var response = await client.PostRawAsync($"{ContactsKit.Contacts}/{id}/identifiers", json);

        await response.AssertInvalidFieldAsync(field);
        Assert.Empty((await client.GetContactAsync(id)).Identifiers());
    }

    [Fact]
    public async Task Adding_an_identifier_to_an_unknown_contact_is_404()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{Guid.CreateVersion7()}/identifiers", new { type = "telegram", value = "@nobody_here" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Removing_the_primary_email_clears_email_and_frees_it()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var contact = await client.CreateContactAsync(new { name = "Maria", email = "maria@example.com", phone = "+5511987654321" });
        var id = contact.GetProperty("id").GetGuid();

        var response = await client.DeleteAsync($"{ContactsKit.Contacts}/{id}/identifiers/{contact.IdentifierId("email", "maria@example.com")}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var after = await client.GetContactAsync(id);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("email").ValueKind);
        Assert.Equal("+5511987654321", after.GetProperty("phone").GetString());
        Assert.Equal([("phone", "+5511987654321")], after.Identifiers());
        await client.CreateContactAsync(new { email = "maria@example.com" });
    }

    [Fact]
    public async Task Removing_the_primary_phone_clears_phone_but_keeps_a_whatsapp_with_the_same_number()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var contact = await client.CreateContactAsync(new
        {
            name = "Maria",
            phone = "+5511987654321",
            identifiers = new[] { new { type = "whatsapp", value = "+5511987654321" } },
        });
        var id = contact.GetProperty("id").GetGuid();

        var response = await client.DeleteAsync($"{ContactsKit.Contacts}/{id}/identifiers/{contact.IdentifierId("phone", "+5511987654321")}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var after = await client.GetContactAsync(id);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("phone").ValueKind);
        Assert.Equal([("whatsapp", "+5511987654321")], after.Identifiers());
    }

    [Fact]
    public async Task Removing_a_secondary_identifier_leaves_the_primary_fields_alone()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var contact = await client.CreateContactAsync(new
        {
            email = "main@example.com",
            identifiers = new[] { new { type = "email", value = "alt@example.com" } },
        });
        var id = contact.GetProperty("id").GetGuid();

        var response = await client.DeleteAsync($"{ContactsKit.Contacts}/{id}/identifiers/{contact.IdentifierId("email", "alt@example.com")}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var after = await client.GetContactAsync(id);
        Assert.Equal("main@example.com", after.GetProperty("email").GetString());
        Assert.Equal([("email", "main@example.com")], after.Identifiers());
    }

    [Fact]
    public async Task An_identifier_cannot_be_removed_through_another_contact()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var holder = await client.CreateContactAsync(new { email = "holder@example.com" });
        var other = await client.CreateContactIdAsync(new { name = "Other" });
        var identifierId = holder.IdentifierId("email", "holder@example.com");

        var response = await client.DeleteAsync($"{ContactsKit.Contacts}/{other}/identifiers/{identifierId}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var after = await client.GetContactAsync(holder.GetProperty("id").GetGuid());
        Assert.Equal("holder@example.com", after.GetProperty("email").GetString());
        Assert.Single(after.Identifiers());
    }

    [Fact]
    public async Task A_contact_without_an_email_takes_the_first_email_identifier_it_is_given_as_its_email()
    {
        var api = await TestApi.Shared;
        var (owner, _) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token);
        var id = await client.CreateContactIdAsync(new { name = "No email yet" });

        (await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{id}/identifiers", new { type = "email", value = "First@Example.com" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{id}/identifiers", new { type = "email", value = "second@example.com" })).EnsureSuccessStatusCode();

        Assert.Equal("first@example.com", (await client.GetContactAsync(id)).GetProperty("email").GetString());
    }
}
