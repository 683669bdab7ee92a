using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Tracking.Data;
using Omni.Tracking.Domain;

namespace Omni.Tracking.Conversions;

/// <summary>Turns deliveries into the <c>data</c> items of one Conversions API request: a tracked event is
/// read (with its contact, or its visitor's identity) at send time; a reported conversion was built when it
/// was reported. What Meta would refuse (too old, a website event without URL or user agent, a purchase
/// without value and currency) is failed here, so it cannot sink the rest of the batch.</summary>
internal sealed class ServerEvents(TrackingDbContext db, VisitorLookup visitors, IContactDirectory contacts)
{
    /// <summary>Meta takes events up to 7 days old; a minute's margin for the time the request takes.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<PreparedEvent>> PrepareAsync(IReadOnlyList<CapiDelivery> deliveries, DateTimeOffset now, CancellationToken ct)
    {
        var rowIds = deliveries.Where(d => d.EventRowId is not null).Select(d => d.EventRowId!.Value).ToList();
        var events = rowIds.Count == 0 ? [] : await db.Events.Where(e => rowIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var anonymous = events.Values.Where(e => e.ContactId is null && e.AnonymousId is not null).Select(e => e.AnonymousId!).Distinct().ToList();
        var known = anonymous.Count == 0 ? new Dictionary<string, Visitor>() : await visitors.FindAsync(deliveries[0].OrgId, anonymous, ct);

        var people = new Dictionary<Guid, ContactSummary?>();
        foreach (var id in events.Values.Select(e => e.ContactId ?? (e.AnonymousId is { } a && known.TryGetValue(a, out var v) ? v.ContactId : null)).OfType<Guid>().Distinct())
            people[id] = await contacts.GetAsync(id, ct);

        var prepared = new List<PreparedEvent>(deliveries.Count);
        foreach (var d in deliveries)
        {
            if (d.Payload is { } payload) prepared.Add(FromPayload(d, payload, now));
            else if (d.EventRowId is { } rowId && events.TryGetValue(rowId, out var e)) prepared.Add(FromEvent(d, e, known, people, now));
            else prepared.Add(PreparedEvent.Unsendable(d, "event_missing", "The tracked event no longer exists."));
        }
        return prepared;
    }

    private static PreparedEvent FromPayload(CapiDelivery d, string payload, DateTimeOffset now)
    {
        var item = JsonNode.Parse(payload)!.AsObject();
        var time = DateTimeOffset.FromUnixTimeSeconds(item["event_time"]!.GetValue<long>());
        return now - time > MaxAge ? TooOld(d, time) : new PreparedEvent(d, item);
    }

    private static PreparedEvent FromEvent(CapiDelivery d, TrackedEvent e, IReadOnlyDictionary<string, Visitor> known,
        IReadOnlyDictionary<Guid, ContactSummary?> people, DateTimeOffset now)
    {
        if (now - e.OccurredAt > MaxAge) return TooOld(d, e.OccurredAt);
        using var context = JsonDocument.Parse(e.Context);
        using var properties = JsonDocument.Parse(e.Properties);
        var url = e.Url ?? (context.RootElement.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null);
        if (url is null)
            return PreparedEvent.Unsendable(d, "missing_url", "Website events need the page URL (event_source_url), and this event has none.");
        if (string.IsNullOrEmpty(e.UserAgent))
            return PreparedEvent.Unsendable(d, "missing_user_agent",
                "Website events need the browser's user agent (client_user_agent); the source does not store user agents, or the event had none.");

        var visitor = e.AnonymousId is { } a && known.TryGetValue(a, out var v) ? v : null;
        var contactId = e.ContactId ?? visitor?.ContactId;
        var contact = contactId is { } c ? people.GetValueOrDefault(c) ?? new ContactSummary(c, null, null, null) : null;
        var browser = BrowserIds.FromEvent(e.Ip?.ToString(), e.UserAgent, context.RootElement, url, e.OccurredAt);
        var item = new JsonObject
        {
            ["event_name"] = d.EventName,
            ["event_time"] = EventTime(e.OccurredAt, now),
            ["event_id"] = e.EventId,
            ["action_source"] = "website",
            ["event_source_url"] = url,
            ["user_data"] = MetaUserData.Build(contact, Traits(visitor?.Traits, properties.RootElement), browser),
        };
        var custom = MetaCustomData.From(properties.RootElement, includeCustom: e.Type == "track");
        if (d.EventName == "Purchase" && (custom["value"] is null || custom["currency"] is null))
            return PreparedEvent.Unsendable(d, "missing_value", "Meta requires value and currency for Purchase events, and this event's properties lack them.");
        if (custom.Count > 0) item["custom_data"] = custom;
        return new PreparedEvent(d, item);
    }

    /// <summary>Unix seconds; a client clock slightly ahead never puts an event in the future.</summary>
    public static long EventTime(DateTimeOffset occurredAt, DateTimeOffset now) => Math.Min(occurredAt.ToUnixTimeSeconds(), now.ToUnixTimeSeconds());

    /// <summary>The visitor's identify traits, overridden by identity keys in the event's own properties (a form's email).</summary>
    private static JsonElement? Traits(JsonElement? identify, JsonElement properties)
    {
        var merged = new JsonObject();
        foreach (var source in new[] { identify, properties })
        {
            if (source is not { ValueKind: JsonValueKind.Object } s) continue;
            foreach (var p in s.EnumerateObject())
                if (MetaUserData.TraitKeys.Contains(p.Name)) merged[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }
        return merged.Count == 0 ? null : JsonSerializer.SerializeToElement(merged);
    }

    private static PreparedEvent TooOld(CapiDelivery d, DateTimeOffset at) =>
        PreparedEvent.Unsendable(d, "too_old",
            $"The event happened at {at:u}, more than 7 days ago; Meta rejects such events (and the whole request with them), so it was not sent.");
}
