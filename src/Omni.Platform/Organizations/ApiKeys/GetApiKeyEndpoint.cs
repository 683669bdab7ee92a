using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.ApiKeys;

internal static class GetApiKeyEndpoint
{
    public static async Task<Results<Ok<ApiKeyResponse>, NotFound>> Handle(Guid id, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.OrgId == request.OrgId, ct);
        return key is null ? TypedResults.NotFound() : TypedResults.Ok(ApiKeyResponse.From(key));
    }
}
