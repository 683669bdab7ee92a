using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Platform.Http;

namespace Omni.Leads.Pipelines.UpdatePipeline;

internal static class UpdatePipelineEndpoint
{
    public static async Task<Results<Ok<PipelineResponse>, NotFound>> Handle(Guid id, UpdatePipelineRequest body, PipelineStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, forUpdate: true, ct) is not { } p) return TypedResults.NotFound();
        if (body.ConversionStageId is { IsSet: true, Value: { } stageId } && (await store.GetStageAsync(stageId, ct))?.PipelineId != id)
            throw ApiException.InvalidField("conversion_stage_id", "The stage is not one of this pipeline's.");
        await store.UpdateAsync(p with
        {
            Name = body.Name?.Trim() ?? p.Name,
            ConversionEvent = body.ConversionEvent.IsSet ? body.ConversionEvent.Value?.Trim() : p.ConversionEvent,
            ConversionStageId = body.ConversionStageId.Or(p.ConversionStageId),
        }, ct);
        return TypedResults.Ok((await PipelineResponse.ReadAsync(store, id, ct))!);
    }
}
