using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

/// <summary>Org B's member, acting in org B, meets org A's contacts nowhere.</summary>
public sealed class ContactTenantIsolationTests
{
    private static readonly object MariaInA = new
    {
        name = "Maria (A)",
        email = "maria@example.com",
        phone = "+5511987654321",
        tags = new[] { "vip" },
        custom_fields = new { owner = "A" },
    };

    [Fact]
    public async Task Another_org_cannot_get_patch_or_delete_a_contact_and_it_stays_intact()
    {
        var api = await TestApi.Shared;
        var (clientA, _, _) = await api.NewOrgClientAsync();
        var (clientB, _, _) = await api.NewOrgClientAsync();
        var id = await clientA.CreateContactIdAsync(MariaInA);
        var before = await clientA.GetContactAsync(id);

        var get = await clientB.GetAsync($"{ContactsKit.Contacts}/{id}");
        var patch = await clientB.PatchRawAsync($"{ContactsKit.Contacts}/{id}", """{"name":"Stolen","email":null,"tags":[]}""");
        var delete = await clientB.DeleteAsync($"{ContactsKit.Contacts}/{id}");

        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await patch.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await delete.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var after = await clientA.GetContactAsync(id);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task Another_org_cannot_add_or_remove_identifiers_of_a_contact()
    {
        var api = await TestApi.Shared;
        var (clientA, _, _) = await api.NewOrgClientAsync();
        var (clientB, _, _) = await api.NewOrgClientAsync();
        var contact = await clientA.CreateContactAsync(MariaInA);
        var id = contact.GetProperty("id").GetGuid();

        var add = await clientB.PostAsJsonAsync($"{ContactsKit.Contacts}/{id}/identifiers", new { type = "telegram", value = "@intruder" });
        var remove = await clientB.DeleteAsync($"{ContactsKit.Contacts}/{id}/identifiers/{contact.IdentifierId("email", "maria@example.com")}");

        await add.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await remove.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(contact.Identifiers(), (await clientA.GetContactAsync(id)).Identifiers());
    }

    [Fact]
    public async Task Another_org_can_merge_a_contact_neither_as_target_nor_as_source()
    {
        var api = await TestApi.Shared;
        var (clientA, _, orgA) = await api.NewOrgClientAsync();
        var (clientB, _, orgB) = await api.NewOrgClientAsync();
        var inA = await clientA.CreateContactIdAsync(MariaInA);
        var inB = await clientB.CreateContactIdAsync(new { name = "B's own" });

        var intoA = await clientB.PostAsJsonAsync($"{ContactsKit.Contacts}/{inA}/merge", new { source_contact_id = inB });
        var fromA = await clientB.PostAsJsonAsync($"{ContactsKit.Contacts}/{inB}/merge", new { source_contact_id = inA });

        await intoA.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await fromA.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("maria@example.com", (await clientA.GetContactAsync(inA)).GetProperty("email").GetString());
        Assert.Empty((await clientB.GetContactAsync(inB)).Identifiers());
        Assert.Equal(1, await api.CountContactsAsync(orgA));
        Assert.Equal(1, await api.CountContactsAsync(orgB));
    }

    [Fact]
    public async Task Another_org_lists_and_searches_only_its_own_contacts()
    {
        var api = await TestApi.Shared;
        var (clientA, _, _) = await api.NewOrgClientAsync();
        var (clientB, _, _) = await api.NewOrgClientAsync();
        await clientA.CreateContactIdAsync(MariaInA);
        var inB = await clientB.CreateContactIdAsync(new { name = "Maria (B)", tags = new[] { "vip" } });

        Assert.Equal([inB], await clientB.SearchAsync("limit=200"));
        Assert.Equal([inB], await clientB.SearchAsync("q=maria"));
        Assert.Equal([inB], await clientB.SearchAsync("tag=vip"));
        Assert.Empty(await clientB.SearchAsync("q=maria%40example.com"));
    }

    [Fact]
    public async Task Another_org_can_create_a_contact_with_the_same_email_and_phone()
    {
        var api = await TestApi.Shared;
        var (clientA, _, _) = await api.NewOrgClientAsync();
        var (clientB, _, _) = await api.NewOrgClientAsync();
        var inA = await clientA.CreateContactIdAsync(MariaInA);

        var response = await clientB.PostContactAsync(new { name = "Maria (B)", email = "MARIA@example.com", phone = "+55 11 98765-4321" });
        var inB = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(inA, inB.GetProperty("id").GetGuid());
        Assert.Equal("maria@example.com", inB.GetProperty("email").GetString());
        Assert.Equal("Maria (A)", (await clientA.GetContactAsync(inA)).GetProperty("name").GetString());
    }
}
