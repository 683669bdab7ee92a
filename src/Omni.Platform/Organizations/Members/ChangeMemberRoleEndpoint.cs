using Omni.Platform.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.Members;

internal static class ChangeMemberRoleEndpoint
{
    public static async Task<Results<Ok<MemberResponse>, NotFound>> Handle(
        Guid id, Guid userId, ChangeMemberRoleRequest body, PlatformDbContext db, RequestContext request, MembershipCache memberships, CancellationToken ct)
    {
        var current = await db.Memberships.SingleOrDefaultAsync(m => m.OrgId == id && m.UserId == userId, ct);
        if (current is null) return TypedResults.NotFound();
        MemberRules.EnsureMayTouchOwnership(request, current.Role, body.Role);
        if (current.Role == OrgRoles.Owner && body.Role != OrgRoles.Owner)
            await MemberRules.EnsureAnotherOwnerRemainsAsync(db, id, userId, ct);

        await db.Memberships.Where(m => m.OrgId == id && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, body.Role).SetProperty(m => m.UpdatedAt, DbClock.Now), ct);
        memberships.Forget(userId);
        var member = await (from m in db.Memberships
                            join u in db.Users on m.UserId equals u.Id
                            where m.OrgId == id && m.UserId == userId
                            select new MemberResponse(m.UserId, u.Email, m.Role, m.CreatedAt)).SingleAsync(ct);
        return TypedResults.Ok(member);
    }
}
