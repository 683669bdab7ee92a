using Omni.Platform.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Auth;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.ApiKeys;

internal static class CreateApiKeyEndpoint
{
    public static async Task<Created<CreatedApiKeyResponse>> Handle(
        CreateApiKeyRequest body, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var key = ApiKeyCodec.Generate();
        var row = new ApiKeyRow
        {
            Id = Guid.CreateVersion7(),
            OrgId = request.OrgId,
            Name = body.Name.Trim(),
            Prefix = ApiKeyCodec.DisplayPrefix(key),
            KeyHash = ApiKeyCodec.Hash(key),
            Scopes = body.Scopes.Distinct(StringComparer.Ordinal).ToArray(),
            CreatedBy = request.UserId,
            CreatedAt = DbClock.Now,
            ExpiresAt = body.ExpiresAt,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/api-keys/{row.Id}",
            new CreatedApiKeyResponse(row.Id, row.Name, key, row.Prefix, row.Scopes, row.CreatedAt, row.ExpiresAt));
    }
}
