using Omni.Leads.Data;
using Omni.Leads.Domain;

namespace Omni.Leads.Pipelines;

internal sealed record StageResponse(Guid Id, Guid PipelineId, string Name, string Kind, int Position)
{
    public static StageResponse From(Stage s) => new(s.Id, s.PipelineId, s.Name, s.Kind, s.Position);
}

/// <summary>A pipeline with its stages in board order. <c>conversion_event</c> (a Meta event name) is reported
/// for a lead with a contact when it reaches <c>conversion_stage_id</c>, or any won stage when that is null.</summary>
internal sealed record PipelineResponse(Guid Id, string Name, bool IsDefault, string? ConversionEvent, Guid? ConversionStageId,
    IReadOnlyList<StageResponse> Stages, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PipelineResponse From(Pipeline p, IEnumerable<Stage> stages) => new(p.Id, p.Name, p.IsDefault, p.ConversionEvent,
        p.ConversionStageId, stages.Where(s => s.PipelineId == p.Id).Select(StageResponse.From).ToList(), p.CreatedAt, p.UpdatedAt);

    public static async Task<PipelineResponse?> ReadAsync(PipelineStore store, Guid id, CancellationToken ct) =>
        await store.GetAsync(id, false, ct) is { } p ? From(p, await store.StagesAsync(id, ct)) : null;
}
