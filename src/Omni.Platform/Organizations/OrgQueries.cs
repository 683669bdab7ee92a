using Microsoft.EntityFrameworkCore;
using Omni.Platform.Auth;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations;

internal static class OrgQueries
{
    /// <summary>The orgs the caller can act in, with its role: a user's memberships, an API key's own org.</summary>
    public static Task<List<OrgResponse>> ForCallerAsync(PlatformDbContext db, RequestContext request, CancellationToken ct)
    {
        if (request.Caller!.Kind == CallerKind.ApiKey)
            return db.Orgs.Where(o => o.Id == request.OrgId)
                .Select(o => new OrgResponse(o.Id, o.Name, null, o.CreatedAt, o.UpdatedAt)).ToListAsync(ct);

        var userId = request.UserId!.Value;
        return (from m in db.Memberships
                join o in db.Orgs on m.OrgId equals o.Id
                where m.UserId == userId
                orderby o.CreatedAt, o.Id
                select new OrgResponse(o.Id, o.Name, m.Role, o.CreatedAt, o.UpdatedAt)).ToListAsync(ct);
    }
}
