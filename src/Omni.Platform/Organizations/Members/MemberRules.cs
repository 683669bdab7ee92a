using Microsoft.EntityFrameworkCore;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.Members;

/// <summary>Only owners make or unmake owners, and an org always keeps at least one owner.</summary>
internal static class MemberRules
{
    public static void EnsureMayTouchOwnership(RequestContext request, string? currentRole, string? newRole)
    {
        if ((currentRole == OrgRoles.Owner || newRole == OrgRoles.Owner) && request.Role != OrgRoles.Owner)
            throw new ApiException(403, "owner_required", "Only an owner can grant, change or remove the owner role.");
    }

    /// <summary>Locks the org's owner rows so two owners cannot demote each other at the same time.</summary>
    public static async Task EnsureAnotherOwnerRemainsAsync(PlatformDbContext db, Guid orgId, Guid leavingUserId, CancellationToken ct)
    {
        var owners = await db.Database
            .SqlQuery<Guid>($"select user_id as \"Value\" from omni.memberships where org_id = {orgId} and role = 'owner' for update")
            .ToListAsync(ct);
        if (owners.All(o => o == leavingUserId))
            throw new ApiException(409, "last_owner", "An org needs at least one owner: make someone else owner first.");
    }
}
