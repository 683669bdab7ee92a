using Omni.Leads.Contracts;
using Omni.Leads.Data;

namespace Omni.Leads.Directory;

internal sealed class LeadDirectory(LeadStore leads) : ILeadDirectory
{
    public Task<bool> ExistsAsync(Guid leadId, CancellationToken ct) => leads.ExistsAsync(leadId, ct);

    public async Task<IReadOnlyList<Guid>> ContactsWithLeadInStageAsync(Guid stageId, CancellationToken ct) =>
        await leads.ContactsInStageAsync(stageId, ct);
}
