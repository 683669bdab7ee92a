using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Analytics.Events;

namespace Omni.Tracking.Analytics.Journey;

internal static class JourneyEndpoint
{
    /// <summary>One person's events, oldest first: give <c>contact_id</c> (its events and those of every anonymous id
    /// linked to it on identify) or <c>anonymous_id</c> (the visitor's, and its contact's once identified).</summary>
    public static async Task<Results<Ok<Page<EventResponse>>, ProblemHttpResult>> Handle(
        [FromQuery(Name = "contact_id")] Guid? contactId, [FromQuery(Name = "anonymous_id")] string? anonymousId, int? limit, string? cursor, EventReader events, RequestContext request, CancellationToken ct)
    {
        if ((contactId is null) == (anonymousId is null))
            return ApiProblem.Validation("contact_id", "Give contact_id or anonymous_id (one of them).");
        var (take, after) = Paging.Read(limit, cursor);
        var rows = await events.JourneyAsync(request.OrgId, contactId, anonymousId, after, take + 1, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, e => new KeysetCursor(e.OccurredAt, e.Id), e => e));
    }
}
