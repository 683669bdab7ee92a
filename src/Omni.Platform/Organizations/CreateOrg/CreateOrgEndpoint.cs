using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.CreateOrg;

internal static class CreateOrgEndpoint
{
    public static async Task<Results<Created<OrgResponse>, ProblemHttpResult>> Handle(
        CreateOrgRequest body, PlatformDbContext db, RequestContext request, MembershipCache memberships, CancellationToken ct)
    {
        if (request.Caller!.Kind != Auth.CallerKind.User)
            return ApiProblem.Forbidden("users_only", "Only a signed-in user can create an org (API keys belong to one).");

        var id = Guid.CreateVersion7();
        await db.Database.ExecuteSqlAsync($"select omni.create_org({id}, {body.Name.Trim()})", ct);
        memberships.Forget(request.UserId!.Value);
        var org = await db.Orgs.SingleAsync(o => o.Id == id, ct);
        return TypedResults.Created($"/api/v1/orgs/{id}", new OrgResponse(org.Id, org.Name, OrgRoles.Owner, org.AgentsEditAssignedOnly, org.CreatedAt, org.UpdatedAt));
    }
}
