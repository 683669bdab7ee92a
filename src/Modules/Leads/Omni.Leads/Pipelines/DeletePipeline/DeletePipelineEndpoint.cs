using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Platform.Http;

namespace Omni.Leads.Pipelines.DeletePipeline;

internal static class DeletePipelineEndpoint
{
    /// <summary>Only an empty pipeline that is not the org's default can go (its rules go with it): move or
    /// delete its leads first.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(Guid id, PipelineStore store, LeadStore leads, CancellationToken ct)
    {
        if (await store.GetAsync(id, forUpdate: true, ct) is not { } p) return TypedResults.NotFound();
        if (p.IsDefault) return ApiProblem.Conflict("default_pipeline", "The org's default pipeline cannot be deleted.");
        if ((await leads.ListAsync(new LeadFilter(PipelineId: id), null, 1, ct)).Count > 0)
            return ApiProblem.Conflict("pipeline_has_leads", "The pipeline still has leads: move or delete them first.");
        await store.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }
}
