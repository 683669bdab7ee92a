using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

public sealed class GetAndDeleteContactTests
{
    [Fact]
    public async Task Getting_an_unknown_contact_is_a_404_problem()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();

        var response = await client.GetAsync($"{ContactsKit.Contacts}/{Guid.CreateVersion7()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_deleted_contact_is_gone_and_its_identifiers_are_free_again()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(new
        {
            name = "Leaving",
            email = "leaving@example.com",
            phone = "+5511911112222",
            identifiers = new[] { new { type = "whatsapp", value = "+5511911112222" } },
        });

        var deleted = await client.DeleteAsync($"{ContactsKit.Contacts}/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await client.GetAsync($"{ContactsKit.Contacts}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0L, await api.Database.AdminScalarAsync<long>(
            "select count(*) from contacts.contact_identifiers where org_id = $1", orgId));
        var again = await client.CreateContactAsync(new
        {
            email = "leaving@example.com",
            phone = "+5511911112222",
            identifiers = new[] { new { type = "whatsapp", value = "+5511911112222" } },
        });
        Assert.NotEqual(id, again.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Deleting_a_contact_twice_is_404_the_second_time()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(new { name = "Once" });

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{ContactsKit.Contacts}/{id}")).StatusCode);
        var second = await client.DeleteAsync($"{ContactsKit.Contacts}/{id}");

        await second.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
