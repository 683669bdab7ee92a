using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Auth;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.Me;

internal sealed record MeResponse(string Kind, Guid? UserId, string? Email, Guid? ApiKeyId, IReadOnlyList<string> Scopes, IReadOnlyList<OrgResponse> Orgs);

internal static class GetMeEndpoint
{
    /// <summary>Who the token or key is, and the orgs it can act in.</summary>
    public static async Task<Ok<MeResponse>> Handle(PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var caller = request.Caller!;
        var orgs = await OrgQueries.ForCallerAsync(db, request, Paging.MaxLimit, null, ct);
        return TypedResults.Ok(caller.Kind == CallerKind.ApiKey
            ? new MeResponse("api_key", null, null, caller.ApiKeyId, caller.Scopes, orgs)
            : new MeResponse("user", caller.UserId, caller.Email, null, [], orgs));
    }
}
