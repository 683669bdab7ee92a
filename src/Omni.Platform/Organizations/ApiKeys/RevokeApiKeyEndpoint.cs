using Omni.Platform.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.ApiKeys;

internal static class RevokeApiKeyEndpoint
{
    /// <summary>Revoking is immediate and idempotent; the row stays for the audit trail.</summary>
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var exists = await db.ApiKeys.AnyAsync(k => k.Id == id && k.OrgId == request.OrgId, ct);
        if (!exists) return TypedResults.NotFound();
        await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DbClock.Now), ct);
        return TypedResults.NoContent();
    }
}
