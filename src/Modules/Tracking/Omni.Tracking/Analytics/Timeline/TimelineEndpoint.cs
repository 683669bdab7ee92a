using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Contacts.Contracts;
using Omni.Messaging.Contracts;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Analytics.Events;

namespace Omni.Tracking.Analytics.Timeline;

internal static class TimelineEndpoint
{
    /// <summary>A contact's tracked events (its own and its linked anonymous ids') and its messages on every
    /// channel, together, newest first. Each page takes the next page of both and merges them.</summary>
    public static async Task<Results<Ok<Page<TimelineItem>>, NotFound>> Handle(
        Guid id, int? limit, string? cursor, EventReader events, IContactMessages messages, IContactDirectory contacts,
        RequestContext request, CancellationToken ct)
    {
        var (take, before) = Paging.Read(limit, cursor);
        var tracked = await events.TimelineAsync(request.OrgId, id, before, take + 1, ct);
        var sent = await messages.ListAsync(id, before?.At, before?.Id, take + 1, ct);
        if (tracked.Count == 0 && sent.Count == 0 && cursor is null && await contacts.GetAsync(id, ct) is null) return TypedResults.NotFound();

        // Newest first, ties by id in the order Postgres compares uuids (byte order, as their text sorts).
        var merged = tracked.Select(e => new TimelineItem("event", e.Id, e.OccurredAt, e, null))
            .Concat(sent.Select(m => new TimelineItem("message", m.Id, m.SentAt, null, m)))
            .OrderByDescending(i => i.At).ThenByDescending(i => i.Id.ToString(), StringComparer.Ordinal)
            .Take(take + 1)
            .ToList();
        return TypedResults.Ok(Paging.ToPage(merged, take, i => new KeysetCursor(i.At, i.Id), i => i));
    }
}
