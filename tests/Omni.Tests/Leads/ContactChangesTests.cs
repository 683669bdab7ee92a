using System.Net;
using System.Net.Http.Json;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Leads;

/// <summary>Leads follow their contact: to the surviving contact of a merge, and on without one when it is deleted.</summary>
public sealed class ContactChangesTests
{
    [Fact]
    public async Task A_merge_moves_the_leads_to_the_surviving_contact_and_a_deletion_leaves_them_without_one()
    {
        var api = await TestApi.Shared;
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);
        var target = (await client.CreateContactAsync(new { name = "Keeps", email = $"{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();
        var source = (await client.CreateContactAsync(new { name = "Goes", email = $"{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetGuid();
        var lead = await client.CreateLeadIdAsync(new { title = "Follows its contact", contact_id = source });

        (await client.PostAsJsonAsync($"/api/v1/contacts/{target}/merge", new { source_contact_id = source })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(
            async () => (await client.GetOkAsync($"{LeadsKit.Leads}/{lead}")).GetProperty("contact_id").GetString() == target.ToString(),
            async () => (await client.GetOkAsync($"{LeadsKit.Leads}/{lead}")).ToString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/contacts/{target}")).StatusCode);
        await Eventually.HoldsAsync(
            async () => (await client.GetOkAsync($"{LeadsKit.Leads}/{lead}")).GetProperty("contact_id").ValueKind == System.Text.Json.JsonValueKind.Null,
            async () => (await client.GetOkAsync($"{LeadsKit.Leads}/{lead}")).ToString());

        var history = await client.GetOkAsync($"{LeadsKit.Leads}/{lead}/activities");
        Assert.Equal(["contact_deleted", "contact_merged", "created"], history.Types());
        Assert.Equal("system", history.GetProperty("items")[0].GetProperty("actor").GetString());
    }
}
