using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.ListOrgs;

internal static class ListOrgsEndpoint
{
    /// <summary>The orgs the caller belongs to (an API key: its own org).</summary>
    public static async Task<Ok<List<OrgResponse>>> Handle(PlatformDbContext db, RequestContext request, CancellationToken ct) =>
        TypedResults.Ok(await OrgQueries.ForCallerAsync(db, request, ct));
}
