namespace Omni.Leads.Contracts;

/// <summary>What other modules may ask of Leads. Runs in the caller's unit of work and org.</summary>
public interface ILeadDirectory
{
    /// <summary>Whether the lead exists in the current org.</summary>
    Task<bool> ExistsAsync(Guid leadId, CancellationToken ct);

    /// <summary>The contacts that have a lead now in stage <paramref name="stageId"/> (any pipeline of the org);
    /// empty when the stage is unknown.</summary>
    Task<IReadOnlyList<Guid>> ContactsWithLeadInStageAsync(Guid stageId, CancellationToken ct);
}
