using Omni.Platform.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.UpdateOrg;

internal static class UpdateOrgEndpoint
{
    public static async Task<Results<Ok<OrgResponse>, NotFound>> Handle(
        Guid id, UpdateOrgRequest body, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        var changed = await db.Orgs.Where(o => o.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Name, o => name ?? o.Name)
            .SetProperty(o => o.AgentsEditAssignedOnly, o => body.AgentsEditAssignedOnly ?? o.AgentsEditAssignedOnly)
            .SetProperty(o => o.UpdatedAt, DbClock.Now), ct);
        if (changed == 0) return TypedResults.NotFound();
        var org = await db.Orgs.SingleAsync(o => o.Id == id, ct);
        return TypedResults.Ok(new OrgResponse(org.Id, org.Name, request.Role, org.AgentsEditAssignedOnly, org.CreatedAt, org.UpdatedAt));
    }
}
