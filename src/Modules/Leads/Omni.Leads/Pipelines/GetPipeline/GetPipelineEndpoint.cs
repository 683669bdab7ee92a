using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;

namespace Omni.Leads.Pipelines.GetPipeline;

internal static class GetPipelineEndpoint
{
    public static async Task<Results<Ok<PipelineResponse>, NotFound>> Handle(Guid id, PipelineStore store, CancellationToken ct) =>
        await PipelineResponse.ReadAsync(store, id, ct) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound();
}
