using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.Members;

internal static class AddMemberEndpoint
{
    public static async Task<Results<Created<AddMemberResponse>, ProblemHttpResult>> Handle(
        Guid id, AddMemberRequest body, PlatformDbContext db, RequestContext request, MembershipCache memberships, CancellationToken ct)
    {
        MemberRules.EnsureMayTouchOwnership(request, null, body.Role);
        var email = body.Email?.Trim().ToLowerInvariant();
        var userId = body.UserId;
        if (email is not null)
            userId = await db.Database.SqlQuery<Guid?>($"select omni.find_user_id_by_email({email}) as \"Value\"").SingleAsync(ct);

        if (userId is null)
        {
            if (body.Role == OrgRoles.Owner)
                return ApiProblem.BadRequest("invite_owner", "Invite people as admin and promote them once they have signed in.");
            if (await db.Invitations.AnyAsync(i => i.OrgId == id && i.Email == email, ct))
                return ApiProblem.Conflict("already_invited", "This email already has a pending invitation.");
            var invitation = new InvitationRow
            {
                Id = Guid.CreateVersion7(), OrgId = id, Email = email!, Role = body.Role, InvitedBy = request.UserId, CreatedAt = DbClock.Now,
            };
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/orgs/{id}/invitations/{invitation.Id}",
                new AddMemberResponse("invited", null, new InvitationResponse(invitation.Id, invitation.Email, invitation.Role, invitation.CreatedAt)));
        }

        if (await db.Memberships.AnyAsync(m => m.OrgId == id && m.UserId == userId, ct))
            return ApiProblem.Conflict("already_member", "This user is already a member of the org.");

        var now = DbClock.Now;
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"insert into omni.memberships (org_id, user_id, role, created_at, updated_at) values ({id}, {userId.Value}, {body.Role}, {now}, {now})", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrors.ForeignKeyViolation)
        {
            return ApiProblem.NotFound("No user has that id.");
        }
        memberships.Forget(userId.Value);
        var member = await db.Users.Where(u => u.Id == userId).Select(u => new MemberResponse(u.Id, u.Email, body.Role, now)).SingleAsync(ct);
        return TypedResults.Created($"/api/v1/orgs/{id}/members/{userId}", new AddMemberResponse("active", member, null));
    }
}
