using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Analytics.Events;

internal static class ListEventsEndpoint
{
    /// <summary>Tracked events, newest first, filtered by <c>name</c>, <c>type</c> (page, track, identify), <c>source_id</c>,
    /// <c>contact_id</c>, <c>anonymous_id</c> and a time range (<c>from</c> inclusive, <c>to</c> exclusive).</summary>
    public static async Task<Results<Ok<Page<EventResponse>>, ProblemHttpResult>> Handle(
        string? name, string? type, [FromQuery(Name = "source_id")] Guid? sourceId, [FromQuery(Name = "contact_id")] Guid? contactId,
        [FromQuery(Name = "anonymous_id")] string? anonymousId, DateTimeOffset? from, DateTimeOffset? to,
        int? limit, string? cursor, EventReader events, RequestContext request, CancellationToken ct)
    {
        if (type is not (null or "page" or "track" or "identify")) return ApiProblem.Validation("type", "type must be page, track or identify.");
        if (from is { } f && to is { } t && t < f) return ApiProblem.Validation("to", "to must not be before from.");
        var (take, after) = Paging.Read(limit, cursor);
        var rows = await events.ListAsync(request.OrgId, new EventFilter(name, type, sourceId, contactId, anonymousId, from, to), after, take + 1, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, e => new KeysetCursor(e.OccurredAt, e.Id), e => e));
    }
}
