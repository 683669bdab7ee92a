using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.GetOrg;

internal static class GetOrgEndpoint
{
    public static async Task<Results<Ok<OrgResponse>, NotFound>> Handle(Guid id, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var org = await db.Orgs.SingleOrDefaultAsync(o => o.Id == id, ct);
        return org is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new OrgResponse(org.Id, org.Name, request.Role, org.AgentsEditAssignedOnly, org.CreatedAt, org.UpdatedAt));
    }
}
