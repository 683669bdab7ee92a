using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Scores.ReadScores;

internal static class GetContactScoreEndpoint
{
    /// <summary>404 until the org's model has scored the contact (it needs tracked events with the contact's id).</summary>
    public static async Task<Results<Ok<ContactScoreResponse>, NotFound>> Handle(Guid id, ScoreStore store, RequestContext request, CancellationToken ct) =>
        await store.GetAsync(request.OrgId, id, ct) is { } score ? TypedResults.Ok(score) : TypedResults.NotFound();
}
