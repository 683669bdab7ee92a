using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Platform.Http;

namespace Omni.Leads.Pipelines.AddStage;

internal static class AddStageEndpoint
{
    public const int MaxStages = 50;

    public static async Task<Results<Created<StageResponse>, NotFound, ProblemHttpResult>> Handle(Guid id, AddStageRequest body, PipelineStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, forUpdate: true, ct) is null) return TypedResults.NotFound();
        var count = (await store.StagesAsync(id, ct)).Count;
        if (count >= MaxStages) return ApiProblem.Conflict("too_many_stages", $"A pipeline has at most {MaxStages} stages.");
        var position = body.Position is { } p ? Math.Min(p, count + 1) : (int?)null;
        var stage = await store.AddStageAsync(id, body.Name.Trim(), body.Kind, position, ct);
        return TypedResults.Created($"/api/v1/pipelines/{id}/stages/{stage.Id}", StageResponse.From(stage));
    }
}
