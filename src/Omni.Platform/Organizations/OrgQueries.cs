using Microsoft.EntityFrameworkCore;
using Omni.Platform.Database;
using Omni.Platform.Auth;
using Omni.Platform.Http;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations;

internal static class OrgQueries
{
    /// <summary>The orgs the caller can act in, with its role, oldest first: a user's memberships, an API
    /// key's own org.</summary>
    public static async Task<List<OrgResponse>> ForCallerAsync(PlatformDbContext db, RequestContext request, int take, KeysetCursor? after, CancellationToken ct)
    {
        IQueryable<Listing> query;
        if (request.Caller!.Kind == CallerKind.ApiKey)
        {
            query = db.Orgs.Where(o => o.Id == request.OrgId)
                .Select(o => new Listing { Id = o.Id, Name = o.Name, Role = null, AgentsEditAssignedOnly = o.AgentsEditAssignedOnly, CreatedAt = o.CreatedAt, UpdatedAt = o.UpdatedAt });
        }
        else
        {
            var userId = request.UserId!.Value;
            query = from m in db.Memberships
                    join o in db.Orgs on m.OrgId equals o.Id
                    where m.UserId == userId
                    select new Listing { Id = o.Id, Name = o.Name, Role = m.Role, AgentsEditAssignedOnly = o.AgentsEditAssignedOnly, CreatedAt = o.CreatedAt, UpdatedAt = o.UpdatedAt };
        }
        if (after is { } c)
            query = query.Where(o => EF.Functions.GreaterThan(ValueTuple.Create(o.CreatedAt, o.Id), ValueTuple.Create(c.At, c.Id)));
        var rows = await query.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).TakeAsConstant(take).ToListAsync(ct);
        return rows.Select(o => new OrgResponse(o.Id, o.Name, o.Role, o.AgentsEditAssignedOnly, o.CreatedAt, o.UpdatedAt)).ToList();
    }

    private sealed class Listing
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string? Role { get; init; }
        public bool AgentsEditAssignedOnly { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }
}
