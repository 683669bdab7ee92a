using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Leads.Data;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Leads.ListLeads;

internal static class ListLeadsEndpoint
{
    /// <summary>Newest first, keyset paginated (<c>limit</c>, <c>cursor</c>). A board column's <c>next_cursor</c>
    /// continues here with <c>stage_id</c>.</summary>
    public static async Task<Ok<Page<LeadResponse>>> Handle([AsParameters] ListLeadsQuery query, [FromQuery(Name = "limit")] int? limit,
        [FromQuery(Name = "cursor")] string? cursor, LeadStore leads, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var rows = await leads.ListAsync(query.ToFilter(request), after, take + 1, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, LeadResponse.Key, LeadResponse.From));
    }
}
