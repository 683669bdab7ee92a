using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Contacts.Contracts;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Scores.ReadScores;

internal static class GetContactScoreEndpoint
{
    /// <summary>The contact's score; <c>score</c> is null until the org's model has scored it (it needs tracked
    /// events with the contact's id and a trained model). 404 when there is no such contact.</summary>
    public static async Task<Results<Ok<ContactScoreResponse>, NotFound>> Handle(
        Guid id, ScoreStore store, IContactDirectory contacts, RequestContext request, CancellationToken ct)
    {
        if (await store.GetAsync(request.OrgId, id, ct) is { } score) return TypedResults.Ok(score);
        return await contacts.GetAsync(id, ct) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new ContactScoreResponse(id, null, [], null, null, null, null));
    }
}
