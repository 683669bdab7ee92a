using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Scores.ReadScores;

internal static class ListScoresEndpoint
{
    /// <summary>Contacts by conversion score, highest first, optionally within <c>min</c>..<c>max</c> (0..1).</summary>
    public static async Task<Results<Ok<Page<ContactScoreResponse>>, ProblemHttpResult>> Handle(
        double? min, double? max, int? limit, string? cursor, ScoreStore store, RequestContext request, CancellationToken ct)
    {
        if (min is < 0 or > 1) return ApiProblem.Validation("min", "min must be between 0 and 1.");
        if (max is < 0 or > 1) return ApiProblem.Validation("max", "max must be between 0 and 1.");
        var (take, after) = Paging.Read(limit, cursor);
        var rows = await store.RankAsync(request.OrgId, (float)(min ?? 0), (float)(max ?? 1), ScoreCursor.From(after), take + 1, ct);
        var more = rows.Count > take;
        var items = rows.Take(take).ToList();
        return TypedResults.Ok(new Page<ContactScoreResponse>(items, more ? ScoreCursor.Encode((float)items[^1].Score!.Value, items[^1].ContactId) : null));
    }
}
