using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;

namespace Omni.Platform.Organizations.Members;

internal static class ListMembersEndpoint
{
    public static async Task<Ok<Page<MemberResponse>>> Handle(Guid id, int? limit, string? cursor, PlatformDbContext db, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var query = from m in db.Memberships
                    join u in db.Users on m.UserId equals u.Id
                    where m.OrgId == id
                    select new { m.UserId, u.Email, m.Role, m.CreatedAt };
        if (after is { } c)
            query = query.Where(x => EF.Functions.GreaterThan(ValueTuple.Create(x.CreatedAt, x.UserId), ValueTuple.Create(c.At, c.Id)));
        var rows = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.UserId).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, r => new KeysetCursor(r.CreatedAt, r.UserId),
            r => new MemberResponse(r.UserId, r.Email, r.Role, r.CreatedAt)));
    }
}
