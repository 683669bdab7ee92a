using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Leads.Domain;

namespace Omni.Leads.Pipelines.CreatePipeline;

internal static class CreatePipelineEndpoint
{
    public static async Task<Created<PipelineResponse>> Handle(CreatePipelineRequest body, PipelineStore store, CancellationToken ct)
    {
        var pipeline = await store.CreateAsync(body.Name.Trim(), body.ConversionEvent?.Trim(), ct);
        var stages = body.Stages ?? [new("New", LeadStatuses.Open), new("Won", LeadStatuses.Won), new("Lost", LeadStatuses.Lost)];
        var position = 1;
        foreach (var s in stages) await store.AddStageAsync(pipeline.Id, s.Name.Trim(), s.Kind, position++, ct);
        return TypedResults.Created($"/api/v1/pipelines/{pipeline.Id}", (await PipelineResponse.ReadAsync(store, pipeline.Id, ct))!);
    }
}
