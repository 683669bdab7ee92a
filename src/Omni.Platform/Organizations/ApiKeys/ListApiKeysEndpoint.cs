using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.ApiKeys;

internal static class ListApiKeysEndpoint
{
    public static async Task<Ok<Page<ApiKeyResponse>>> Handle(int? limit, string? cursor, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var query = db.ApiKeys.Where(k => k.OrgId == request.OrgId);
        if (after is { } c)
            query = query.Where(k => EF.Functions.LessThan(ValueTuple.Create(k.CreatedAt, k.Id), ValueTuple.Create(c.At, c.Id)));
        var rows = await query.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, k => new KeysetCursor(k.CreatedAt, k.Id), ApiKeyResponse.From));
    }
}
