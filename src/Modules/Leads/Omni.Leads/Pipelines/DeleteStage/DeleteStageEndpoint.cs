using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Platform.Http;

namespace Omni.Leads.Pipelines.DeleteStage;

internal static class DeleteStageEndpoint
{
    /// <summary>A stage with leads needs <c>move_to</c>, another stage of the pipeline that takes its leads
    /// (and its automatic lead rules); without it the delete is refused (409 <c>stage_has_leads</c>).
    /// A pipeline keeps at least one stage.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(Guid id, Guid stageId, [FromQuery(Name = "move_to")] Guid? moveTo,
        PipelineStore store, LeadStore leads, RuleStore rules, ActivityLog activities, CancellationToken ct)
    {
        if (await store.GetAsync(id, forUpdate: true, ct) is not { } pipeline) return TypedResults.NotFound();
        var stages = await store.StagesAsync(id, ct);
        if (stages.FirstOrDefault(s => s.Id == stageId) is not { } stage) return TypedResults.NotFound();
        if (stages.Count == 1) return ApiProblem.Conflict("last_stage", "A pipeline keeps at least one stage.");

        Stage? target = null;
        if (moveTo is { } m)
        {
            target = stages.FirstOrDefault(s => s.Id == m && s.Id != stageId);
            if (target is null) return ApiProblem.Validation("move_to", "move_to must be another stage of the same pipeline.");
        }
        if (await leads.AnyInStageAsync(stageId, ct))
        {
            if (target is null) return ApiProblem.Conflict("stage_has_leads", "The stage has leads: name the stage that takes them with ?move_to=.");
            var moved = await leads.MoveStageAsync(stageId, target.Id, target.Kind, ct);
            await activities.RecordManyAsync(moved.Keys.ToList(), ActivityTypes.StageChanged,
                _ => new { from_stage_id = stageId, to_stage_id = target.Id, from_pipeline_id = id, to_pipeline_id = id, reason = "stage_deleted" }, ct);
            await activities.RecordManyAsync(moved.Where(x => x.Value != target.Kind).Select(x => x.Key).ToList(), ActivityTypes.StatusChanged,
                leadId => new { from = moved[leadId], to = target.Kind, reason = "stage_deleted" }, ct);
        }
        if (target is not null) await rules.MoveStageAsync(stageId, target.Id, ct);
        if (pipeline.ConversionStageId == stageId) await store.UpdateAsync(pipeline with { ConversionStageId = null }, ct);
        await store.DeleteStageAsync(stageId, ct);
        await store.ReorderAsync(id, stages.Where(s => s.Id != stageId).Select(s => s.Id).ToList(), ct);
        return TypedResults.NoContent();
    }
}
