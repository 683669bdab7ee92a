using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.Members;

internal static class RemoveMemberEndpoint
{
    /// <summary>Owners and admins remove members; anyone may leave (remove themselves).</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Handle(
        Guid id, Guid userId, PlatformDbContext db, RequestContext request, MembershipCache memberships, CancellationToken ct)
    {
        var leavingSelf = request.UserId == userId;
        if (!leavingSelf && !Permissions.RoleAllows(request.Role ?? "", "members:manage"))
            return ApiProblem.Forbidden("insufficient_permission", "Only owners and admins remove other members.");

        var current = await db.Memberships.SingleOrDefaultAsync(m => m.OrgId == id && m.UserId == userId, ct);
        if (current is null) return TypedResults.NotFound();
        if (!leavingSelf) MemberRules.EnsureMayTouchOwnership(request, current.Role, null);
        if (current.Role == OrgRoles.Owner) await MemberRules.EnsureAnotherOwnerRemainsAsync(db, id, userId, ct);

        // A member leaving is not an admin, so RLS would hide the delete: it goes through a definer function.
        var removed = leavingSelf
            ? await db.Database.SqlQuery<int>($"select omni.leave_org({id}) as \"Value\"").SingleAsync(ct)
            : await db.Memberships.Where(m => m.OrgId == id && m.UserId == userId).ExecuteDeleteAsync(ct);
        memberships.Forget(userId);
        return removed == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
