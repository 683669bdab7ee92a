using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;

namespace Omni.Leads.Pipelines.ListPipelines;

internal static class ListPipelinesEndpoint
{
    /// <summary>Every pipeline of the org, oldest first, each with its stages. The org's default pipeline is
    /// made on this first read when it has none.</summary>
    public static async Task<Ok<List<PipelineResponse>>> Handle(PipelineStore store, CancellationToken ct)
    {
        await store.EnsureDefaultAsync(ct);
        var pipelines = await store.ListAsync(ct);
        var stages = await store.StagesOfAsync(pipelines.Select(p => p.Id).ToList(), ct);
        return TypedResults.Ok(pipelines.Select(p => PipelineResponse.From(p, stages)).ToList());
    }
}
