namespace Omni.Leads.Domain;

internal sealed record Stage(Guid Id, Guid PipelineId, string Name, string Kind, int Position);

internal sealed record Pipeline(Guid Id, string Name, bool IsDefault, string? ConversionEvent, Guid? ConversionStageId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether reaching <paramref name="stage"/> is a conversion to report: the chosen stage, or any
    /// won stage when none is chosen.</summary>
    public bool Converts(Stage stage) =>
        ConversionEvent is not null && (ConversionStageId is { } chosen ? chosen == stage.Id : stage.Kind == LeadStatuses.Won);
}
