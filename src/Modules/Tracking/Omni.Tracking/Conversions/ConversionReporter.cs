using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Platform.Tenancy;
using Omni.Tracking.Contracts;
using Omni.Tracking.Data;

namespace Omni.Tracking.Conversions;

/// <summary>Conversions other modules report (a lead won) go to every active source of the org that has a
/// pixel and a token. The event is built now, with the contact's identifiers hashed and its latest browser
/// identifiers, and kept in the delivery: the contact may change or go before the job runs.
/// <c>action_source</c> is <c>system_generated</c>: the conversion happened in the business's own system,
/// not on a page, so there is no page URL to claim.</summary>
internal sealed class ConversionReporter(TrackingDbContext db, IContactDirectory contacts, ContactHistory history, CapiOutbox outbox,
    RequestContext request, TimeProvider clock) : IConversions
{
    public async Task ReportAsync(ConversionReport report, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(report.EventId);
        ArgumentException.ThrowIfNullOrWhiteSpace(report.EventName);
        var orgId = request.OrgId;
        var sources = await db.Sources
            .Where(s => s.OrgId == orgId && s.IsActive && s.PixelId != null && s.SealedCapiToken != null)
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).ToListAsync(ct);
        if (sources.Count == 0) return;

        var contact = await contacts.GetAsync(report.ContactId, ct) ?? new ContactSummary(report.ContactId, null, null, null);
        var browser = await history.LatestAsync(orgId, report.ContactId, ct);
        var item = new JsonObject
        {
            ["event_name"] = report.EventName,
            ["event_time"] = ServerEvents.EventTime(report.OccurredAt, clock.GetUtcNow()),
            ["event_id"] = report.EventId,
            ["action_source"] = "system_generated",
            ["user_data"] = MetaUserData.Build(contact, null, browser),
        };
        var custom = new JsonObject();
        foreach (var (key, value) in report.CustomData ?? new Dictionary<string, string>())
            if (!MetaUserData.TraitKeys.Contains(key)) custom[key] = value;
        if (report.Value is { } amount) custom["value"] = amount;
        if (report.Currency is { Length: > 0 } currency) custom["currency"] = currency.Trim().ToUpper(CultureInfo.InvariantCulture);
        if (custom.Count > 0) item["custom_data"] = custom;
        await outbox.EnqueueConversionAsync(sources, report.EventId, report.EventName, item.ToJsonString(), ct);
    }
}
