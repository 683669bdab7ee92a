using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;

namespace Omni.Platform.Organizations.Members;

internal static class ListInvitationsEndpoint
{
    public static async Task<Ok<Page<InvitationResponse>>> Handle(Guid id, int? limit, string? cursor, PlatformDbContext db, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var query = db.Invitations.Where(i => i.OrgId == id);
        if (after is { } c)
            query = query.Where(i => EF.Functions.GreaterThan(ValueTuple.Create(i.CreatedAt, i.Id), ValueTuple.Create(c.At, c.Id)));
        var rows = await query.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, i => new KeysetCursor(i.CreatedAt, i.Id),
            i => new InvitationResponse(i.Id, i.Email, i.Role, i.CreatedAt)));
    }
}
