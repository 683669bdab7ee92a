using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;

namespace Omni.Leads.DeleteLead;

internal static class DeleteLeadEndpoint
{
    /// <summary>The lead goes with its notes and history.</summary>
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, LeadStore leads, LeadWriter writer, CancellationToken ct)
    {
        if (await leads.GetAsync(id, forUpdate: true, ct) is not { } lead) return TypedResults.NotFound();
        await writer.RequireMayEditAsync(lead, ct);
        await leads.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }
}
