using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Organizations.Data;

namespace Omni.Platform.Organizations.Members;

internal static class RevokeInvitationEndpoint
{
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, Guid invitationId, PlatformDbContext db, CancellationToken ct)
    {
        var removed = await db.Invitations.Where(i => i.OrgId == id && i.Id == invitationId).ExecuteDeleteAsync(ct);
        return removed == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
