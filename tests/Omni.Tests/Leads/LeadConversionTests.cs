using System.Net.Http.Json;
using Omni.Tests.Infrastructure;
using Omni.Tests.Tracking.Conversions;

namespace Omni.Tests.Leads;

/// <summary>A pipeline that reports conversions sends a won lead of a contact to the Conversions API.</summary>
public sealed class LeadConversionTests(CapiKit kit) : IClassFixture<CapiKit>
{
    /// <summary>Waits until the org's deliveries are done and no forwarding job waits (jobs that run on a schedule,
    /// like score training, do not count).</summary>
    private static Task DeliveredAsync(CapiKit.Site site) =>
        CapiKit.EventuallyAsync(async () =>
                (await site.Kit.RowsAsync("select 1 from tracking.capi_deliveries where org_id = $1 and status = 'pending'", site.OrgId)).Count == 0
                && (await site.Kit.RowsAsync("select 1 from omni.jobs where org_id = $1 and type = 'tracking.capi-forward' and status in ('pending', 'running')", site.OrgId)).Count == 0,
            "deliveries still pending", site.DescribeAsync);

    [Fact]
    public async Task A_lead_won_in_a_reporting_pipeline_reaches_meta_once_with_its_value_and_a_lead_without_contact_does_not()
    {
        var site = await kit.NewSiteAsync();
        var client = site.Client;
        var pipeline = await client.DefaultPipelineAsync();
        await client.PatchJsonAsync($"{LeadsKit.Pipelines}/{pipeline.GetProperty("id")}", """{"conversion_event":"Purchase"}""");
        var contact = (await client.CreateContactAsync(new { name = "Ana", email = "ana.leads@example.com" })).GetProperty("id").GetGuid();
        var lead = await client.CreateLeadIdAsync(new { title = "Ana's order", contact_id = contact, value = 149.9m, currency = "BRL" });
        var anonymous = await client.CreateLeadIdAsync(new { title = "Nobody's order", value = 10, currency = "BRL" });
        var won = pipeline.StageId("Won");

        await client.PatchJsonAsync($"{LeadsKit.Leads}/{lead}", $$"""{"stage_id":"{{won}}"}""");
        await client.PatchJsonAsync($"{LeadsKit.Leads}/{anonymous}", $$"""{"stage_id":"{{won}}"}""");
        await DeliveredAsync(site);

        var sent = Assert.Single(kit.Fake.AcceptedFor(site.Pixel));
        Assert.Equal(("Purchase", $"lead-{lead}-{won}"), (sent.EventName, sent.EventId));
        var custom = sent.Event.GetProperty("custom_data");
        Assert.Equal((149.9m, "BRL"), (custom.GetProperty("value").GetDecimal(), custom.GetProperty("currency").GetString()));
        Assert.Equal(CapiKit.Sha256("ana.leads@example.com"), sent.Event.GetProperty("user_data").GetProperty("em")[0].GetString());
    }

    [Fact]
    public async Task A_pipeline_that_chose_a_stage_reports_on_reaching_that_stage()
    {
        var site = await kit.NewSiteAsync();
        var client = site.Client;
        var pipeline = await client.DefaultPipelineAsync();
        var qualified = pipeline.StageId("Qualified");
        (await client.PatchAsync($"{LeadsKit.Pipelines}/{pipeline.GetProperty("id")}",
            JsonContent.Create(new { conversion_event = "Lead", conversion_stage_id = qualified }))).EnsureSuccessStatusCode();
        var contact = (await client.CreateContactAsync(new { name = "Bo", email = "bo.leads@example.com" })).GetProperty("id").GetGuid();

        var lead = await client.CreateLeadIdAsync(new { title = "Bo", contact_id = contact, stage_id = qualified });
        await client.PatchJsonAsync($"{LeadsKit.Leads}/{lead}", $$"""{"stage_id":"{{pipeline.StageId("Won")}}"}""");
        await DeliveredAsync(site);

        var sent = Assert.Single(kit.Fake.AcceptedFor(site.Pixel));
        Assert.Equal(("Lead", $"lead-{lead}-{qualified}"), (sent.EventName, sent.EventId));
    }
}
