using Microsoft.Extensions.DependencyInjection;
using Omni.Tests.Infrastructure;
using Omni.Tracking.Contracts;

namespace Omni.Tests.Tracking.Conversions;

/// <summary>A conversion another module reports (a lead won) goes to every pixel of the org as a server event,
/// matched to the person by the contact's hashed identifiers and the click and browser ids of its history.</summary>
public sealed class ConversionReportTests(CapiKit kit) : IClassFixture<CapiKit>
{
    [Fact]
    public async Task A_won_lead_reaches_meta_as_a_purchase_with_the_contacts_hashed_email_and_its_latest_click_id()
    {
        // Given a contact who came from two ad clicks (the latest counts) and browsed before identifying itself
        var site = await kit.NewSiteAsync();
        var contact = (await site.Client.CreateContactAsync(new { name = "Ana Souza", email = "Ana.Souza@Example.com" })).GetProperty("id").GetGuid();
        await site.TrackAsync("h-1", contactId: contact, at: DateTimeOffset.UtcNow.AddDays(-3), context: """{"fbc": "fb.1.1700000000000.OldClick"}""");
        await site.TrackAsync("h-2", contactId: contact, at: DateTimeOffset.UtcNow.AddDays(-1), context: """{"fbc": "fb.1.1732000000000.NewClick"}""");
        await site.TrackAsync("h-3", anonymousId: "anon-ana", at: DateTimeOffset.UtcNow.AddDays(-2), context: """{"fbp": "fb.1.1558571054389.1098115397"}""");
        await kit.Api.Database.AdminExecAsync("insert into tracking.identities (org_id, anonymous_id, contact_id) values ($1, 'anon-ana', $2)", site.OrgId, contact);
        // and a second source of the org without a token, which forwards nothing
        await kit.CreateSourceAsync(site.Client, kit.Fake.AddPixel().Id, token: null, testEventCode: null);

        // When the lead is won
        var wonAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        await kit.Api.RunAsync(site.OrgId, sp => sp.GetRequiredService<IConversions>().ReportAsync(
            new ConversionReport(contact, $"lead-{contact:N}-won", "Purchase", 149.90m, "brl", wonAt, new Dictionary<string, string> { ["lead_stage"] = "won" }),
            CancellationToken.None));
        await site.SettledAsync();

        // Then Meta got one Purchase, deduplicable by the report's id, matched by hashed email, external id and click id
        var sent = Assert.Single(kit.Fake.AcceptedFor(site.Pixel));
        Assert.Equal(("Purchase", $"lead-{contact:N}-won"), (sent.EventName, sent.EventId));
        var e = sent.Event;
        Assert.Equal("system_generated", e.GetProperty("action_source").GetString());
        Assert.Equal(wonAt.ToUnixTimeSeconds(), e.GetProperty("event_time").GetInt64());
        var user = e.GetProperty("user_data");
        Assert.Equal(CapiKit.Sha256("ana.souza@example.com"), user.GetProperty("em")[0].GetString());
        Assert.Equal(CapiKit.Sha256(contact.ToString()), user.GetProperty("external_id")[0].GetString());
        Assert.Equal("fb.1.1732000000000.NewClick", user.GetProperty("fbc").GetString());
        Assert.Equal("fb.1.1558571054389.1098115397", user.GetProperty("fbp").GetString());
        Assert.Equal("203.0.113.7", user.GetProperty("client_ip_address").GetString());
        var custom = e.GetProperty("custom_data");
        Assert.Equal((149.90m, "BRL", "won"), (custom.GetProperty("value").GetDecimal(), custom.GetProperty("currency").GetString(), custom.GetProperty("lead_stage").GetString()));

        var delivery = (await site.DeliveriesAsync()).Single();
        Assert.Equal(("sent", 1, null), (delivery.Str("status"), delivery.Int("attempts"), delivery["event_row_id"]));
    }

    [Fact]
    public async Task A_conversion_reported_twice_is_queued_once()
    {
        // Given a lead reported as a Lead conversion
        var site = await kit.NewSiteAsync();
        var contact = (await site.Client.CreateContactAsync(new { name = "Bo", email = "bo@example.com" })).GetProperty("id").GetGuid();
        var report = new ConversionReport(contact, "lead-77-created", "Lead", null, null, DateTimeOffset.UtcNow);

        // When it is reported again (a retried request)
        await kit.Api.RunAsync(site.OrgId, sp => sp.GetRequiredService<IConversions>().ReportAsync(report, CancellationToken.None));
        await kit.Api.RunAsync(site.OrgId, sp => sp.GetRequiredService<IConversions>().ReportAsync(report, CancellationToken.None));
        await site.SettledAsync();

        // Then Meta got it once
        var sent = Assert.Single(kit.Fake.AcceptedFor(site.Pixel));
        Assert.Equal("Lead", sent.EventName);
        Assert.False(sent.Event.TryGetProperty("custom_data", out _));
    }
}
