using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Leads.Domain;

namespace Omni.Leads.Pipelines.UpdateStage;

internal static class UpdateStageEndpoint
{
    public static async Task<Results<Ok<StageResponse>, NotFound>> Handle(Guid id, Guid stageId, UpdateStageRequest body, PipelineStore store,
        LeadStore leads, ActivityLog activities, CancellationToken ct)
    {
        if (await store.GetAsync(id, forUpdate: true, ct) is null) return TypedResults.NotFound();
        if (await store.GetStageAsync(stageId, ct) is not { } stage || stage.PipelineId != id) return TypedResults.NotFound();
        var kind = body.Kind ?? stage.Kind;
        await store.UpdateStageAsync(stageId, body.Name?.Trim() ?? stage.Name, kind, ct);
        if (kind != stage.Kind)
        {
            var changed = await leads.MoveStageAsync(stageId, stageId, kind, ct);
            await activities.RecordManyAsync(changed.Keys.ToList(), ActivityTypes.StatusChanged,
                leadId => new { from = changed[leadId], to = kind, reason = "stage_kind_changed" }, ct);
        }
        return TypedResults.Ok(StageResponse.From((await store.GetStageAsync(stageId, ct))!));
    }
}
