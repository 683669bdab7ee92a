using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;

namespace Omni.Leads.GetLead;

internal static class GetLeadEndpoint
{
    public static async Task<Results<Ok<LeadResponse>, NotFound>> Handle(Guid id, LeadStore leads, CancellationToken ct) =>
        await leads.GetAsync(id, false, ct) is { } lead ? TypedResults.Ok(LeadResponse.From(lead)) : TypedResults.NotFound();
}
