using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Platform.Http;

namespace Omni.Leads.Pipelines.ReorderStages;

internal static class ReorderStagesEndpoint
{
    public static async Task<Results<Ok<PipelineResponse>, NotFound, ProblemHttpResult>> Handle(Guid id, ReorderStagesRequest body, PipelineStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, forUpdate: true, ct) is null) return TypedResults.NotFound();
        var stages = await store.StagesAsync(id, ct);
        if (stages.Count != body.StageIds.Count || stages.Any(s => !body.StageIds.Contains(s.Id)))
            return ApiProblem.Validation("stage_ids", "stage_ids must list every stage of the pipeline, each once.");
        await store.ReorderAsync(id, body.StageIds, ct);
        return TypedResults.Ok((await PipelineResponse.ReadAsync(store, id, ct))!);
    }
}
