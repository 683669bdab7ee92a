using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Omni.Contacts.Contracts;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Contacts;

public sealed class MergeContactsTests
{
    [Fact]
    public async Task Merging_moves_identifiers_unites_tags_fills_gaps_and_deletes_the_source()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var target = await client.CreateContactIdAsync(new
        {
            email = "maria@example.com",
            tags = new[] { "vip", "lead" },
            custom_fields = new { company = "Acme", city = "São Paulo" },
        });
        var source = await client.CreateContactIdAsync(new
        {
            name = "Maria Silva",
            email = "maria.old@example.com",
            phone = "+5511987654321",
            identifiers = new[] { new { type = "telegram", value = "@maria_tg" } },
            tags = new[] { "lead", "returning" },
            custom_fields = new { company = "Old Corp", plan = "gold" },
        });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{target}/merge", new { source_contact_id = source });
        var merged = await response.ReadJsonAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, merged.ToString());
        Assert.Equal(target, merged.GetProperty("id").GetGuid());
        var after = await client.GetContactAsync(target);
        Assert.Equal("Maria Silva", after.GetProperty("name").GetString());
        Assert.Equal("maria@example.com", after.GetProperty("email").GetString());
        Assert.Equal("+5511987654321", after.GetProperty("phone").GetString());
        Assert.Equal(["lead", "returning", "vip"], after.GetProperty("tags").Strings().Order(StringComparer.Ordinal));
        Assert.Equal(
            [("email", "maria.old@example.com"), ("email", "maria@example.com"), ("phone", "+5511987654321"), ("telegram", "@maria_tg")],
            after.Identifiers());
        Assert.Equal(after.Identifiers(), merged.Identifiers());
        var fields = after.GetProperty("custom_fields");
        Assert.Equal("Acme", fields.GetProperty("company").GetString());
        Assert.Equal("São Paulo", fields.GetProperty("city").GetString());
        Assert.Equal("gold", fields.GetProperty("plan").GetString());

        await (await client.GetAsync($"{ContactsKit.Contacts}/{source}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(1, await api.CountContactsAsync(orgId));
    }

    [Fact]
    public async Task Merging_keeps_the_targets_own_name_email_and_phone()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var target = await client.CreateContactIdAsync(new { name = "Target", email = "t@example.com", phone = "+5511900000001" });
        var source = await client.CreateContactIdAsync(new { name = "Source", email = "s@example.com", phone = "+5511900000002" });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{target}/merge", new { source_contact_id = source });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await client.GetContactAsync(target);
        Assert.Equal("Target", after.GetProperty("name").GetString());
        Assert.Equal("t@example.com", after.GetProperty("email").GetString());
        Assert.Equal("+5511900000001", after.GetProperty("phone").GetString());
        Assert.Equal(4, after.Identifiers().Length);
    }

    [Fact]
    public async Task A_merge_publishes_ContactsMerged_to_subscribers_through_the_outbox()
    {
        var api = await TestApi.Shared;
        var (client, _, orgId) = await api.NewOrgClientAsync();
        var target = await client.CreateContactIdAsync(new { name = "Target" });
        var source = await client.CreateContactIdAsync(new { name = "Source" });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{target}/merge", new { source_contact_id = source });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var delivered = await EventuallyAsync(() => TestHandlers.Merged.FirstOrDefault(e => e.SourceContactId == source), TimeSpan.FromSeconds(20));
        Assert.Equal(new ContactsMerged(orgId, source, target, delivered.MergedAt), delivered);
    }

    [Fact]
    public async Task Merging_a_contact_into_itself_is_a_400_and_changes_nothing()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var id = await client.CreateContactIdAsync(new { name = "Alone", email = "alone@example.com" });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{id}/merge", new { source_contact_id = id });

        await response.AssertInvalidFieldAsync("source_contact_id");
        Assert.Equal("alone@example.com", (await client.GetContactAsync(id)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Merging_an_unknown_source_is_404_and_the_target_is_untouched()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var target = await client.CreateContactIdAsync(new { name = "Target", tags = new[] { "vip" } });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{target}/merge", new { source_contact_id = Guid.CreateVersion7() });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var after = await client.GetContactAsync(target);
        Assert.Equal(["vip"], after.GetProperty("tags").Strings());
    }

    [Fact]
    public async Task Merging_into_an_unknown_target_is_404_and_the_source_survives()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var source = await client.CreateContactIdAsync(new { name = "Source", email = "source@example.com" });

        var response = await client.PostAsJsonAsync($"{ContactsKit.Contacts}/{Guid.CreateVersion7()}/merge", new { source_contact_id = source });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("source@example.com", (await client.GetContactAsync(source)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_merge_without_a_source_is_a_400_naming_source_contact_id()
    {
        var api = await TestApi.Shared;
        var (client, _, _) = await api.NewOrgClientAsync();
        var target = await client.CreateContactIdAsync(new { name = "Target" });

        var response = await client.PostRawAsync($"{ContactsKit.Contacts}/{target}/merge", "{}");

        await response.AssertInvalidFieldAsync("source_contact_id");
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, TimeSpan timeout) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value) return value;
            Assert.True(clock.Elapsed < timeout, $"nothing arrived within {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
