using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.ListOrgs;

internal static class ListOrgsEndpoint
{
    /// <summary>The orgs the caller belongs to, oldest first (an API key: its own org).</summary>
    public static async Task<Ok<Page<OrgResponse>>> Handle(int? limit, string? cursor, PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var rows = await OrgQueries.ForCallerAsync(db, request, take + 1, after, ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, o => new KeysetCursor(o.CreatedAt, o.Id), o => o));
    }
}
