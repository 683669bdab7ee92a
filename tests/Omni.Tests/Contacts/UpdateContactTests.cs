using System.Net;
using System.Text.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

public sealed class UpdateContactTests
{
    private static readonly object Maria = new
    {
        name = "Maria Silva",
        email = "maria@example.com",
        phone = "+5511987654321",
        identifiers = new[] { new { type = "telegram", value = "@maria_tg" } },
        tags = new[] { "vip", "lead" },
        custom_fields = new { company = "Acme", city = "São Paulo", seats = 3 },
    };

    [Fact]
    public async Task Fields_left_out_of_a_patch_stay_as_they_were()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var before = await client.CreateContactAsync(Maria);
        var id = before.GetProperty("id").GetGuid();

        var response = await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}", """{"name":"Maria S. Silva"}""");
        var patched = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await client.GetContactAsync(id);
        Assert.Equal("Maria S. Silva", after.GetProperty("name").GetString());
        Assert.Equal("maria@example.com", after.GetProperty("email").GetString());
        Assert.Equal("+5511987654321", after.GetProperty("phone").GetString());
        Assert.Equal(["vip", "lead"], after.GetProperty("tags").Strings());
        Assert.Equal(before.GetProperty("custom_fields").Fields(), after.GetProperty("custom_fields").Fields());
        Assert.Equal(before.Identifiers(), after.Identifiers());
        Assert.Equal(patched.Identifiers(), after.Identifiers());
        Assert.True(after.GetProperty("updated_at").GetDateTimeOffset() > before.GetProperty("updated_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Null_clears_name_email_and_phone_and_their_identifiers_go_with_them()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(Maria);

        var response = await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}", """{"name":null,"email":null,"phone":null}""");
        var patched = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await client.GetContactAsync(id);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("email").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("phone").ValueKind);
        Assert.Equal([("telegram", "@maria_tg")], after.Identifiers());
        Assert.Equal(after.Identifiers(), patched.Identifiers());

        // The cleared email and phone are free for another contact.
        await client.CreateContactAsync(new { name = "New owner", email = "maria@example.com", phone = "+5511987654321" });
    }

    [Fact]
    public async Task A_new_email_or_phone_replaces_the_old_identifier_which_becomes_free()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(Maria);

        var response = await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}", """{"email":"Maria.New@Example.com","phone":"0044 20 7946 0958"}""");
        var patched = await response.ReadJsonAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, patched.ToString() + "\n" + api.RecentErrors());
        Assert.Equal("maria.new@example.com", patched.GetProperty("email").GetString());
        Assert.Equal("+442079460958", patched.GetProperty("phone").GetString());
        var after = await client.GetContactAsync(id);
        Assert.Equal([("email", "maria.new@example.com"), ("phone", "+442079460958"), ("telegram", "@maria_tg")], after.Identifiers());
        await client.CreateContactAsync(new { email = "maria@example.com", phone = "+5511987654321" });
    }

    [Fact]
    public async Task An_email_another_contact_holds_is_refused_and_nothing_changes()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(Maria);
        await client.CreateContactAsync(new { name = "João", email = "joao@example.com" });

        var response = await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}", """{"name":"Renamed","email":"JOAO@example.com"}""");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "identifier_taken");
        var after = await client.GetContactAsync(id);
        Assert.Equal("Maria Silva", after.GetProperty("name").GetString());
        Assert.Equal("maria@example.com", after.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Tags_given_replace_the_whole_list()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(Maria);

        var replaced = await (await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}", """{"tags":["customer"," vip "]}""")).ReadJsonAsync();
        var emptied = await (await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}", """{"tags":[]}""")).ReadJsonAsync();

        Assert.Equal(["customer", "vip"], replaced.GetProperty("tags").Strings());
        Assert.Empty(emptied.GetProperty("tags").EnumerateArray());
        Assert.Empty((await client.GetContactAsync(id)).GetProperty("tags").EnumerateArray());
    }

    [Fact]
    public async Task Custom_fields_merge_key_by_key_and_a_key_set_to_null_is_removed()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(Maria);

        var response = await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}",
            """{"custom_fields":{"company":"Globex","city":null,"plan":{"tier":"gold"}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fields = (await client.GetContactAsync(id)).GetProperty("custom_fields");
        Assert.Equal(["company", "plan", "seats"], fields.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Globex", fields.GetProperty("company").GetString());
        Assert.Equal(3, fields.GetProperty("seats").GetInt32());
        Assert.Equal("gold", fields.GetProperty("plan").GetProperty("tier").GetString());
    }

    [Theory]
    [InlineData("""{"email":"nope"}""", "email")]
    [InlineData("""{"phone":"12-ab"}""", "phone")]
    [InlineData("""{"tags":[""]}""", "tags")]
    [InlineData("""{"custom_fields":["a"]}""", "custom_fields")]
    public async Task An_invalid_field_in_a_patch_is_refused_with_400_naming_it(string json, string field)
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(Maria);

        var response = await client.PatchRawAsync($"{ContactsKit.Contacts}/{id}", json);

        await response.AssertInvalidFieldAsync(field);
        Assert.Equal("maria@example.com", (await client.GetContactAsync(id)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Patching_an_unknown_contact_is_404()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var response = await client.PatchRawAsync($"{ContactsKit.Contacts}/{Guid.CreateVersion7()}", """{"name":"Ghost"}""");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
