using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Ingest.Connections.ListConnections;

internal static class ListConnectionsEndpoint
{
    /// <summary>Newest first; <c>platform</c> filters. Secrets are never listed.</summary>
    public static async Task<Ok<Page<ConnectionResponse>>> Handle(
        string? platform, int? limit, string? cursor, MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        var query = db.IngestConnections.Where(c => c.OrgId == request.OrgId);
        if (!string.IsNullOrEmpty(platform)) query = query.Where(c => c.Platform == platform);
        if (after is { } k)
            query = query.Where(c => EF.Functions.LessThan(ValueTuple.Create(c.CreatedAt, c.Id), ValueTuple.Create(k.At, k.Id)));
        var rows = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).TakeAsConstant(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.ToPage(rows, take, c => new KeysetCursor(c.CreatedAt, c.Id), ConnectionResponse.From));
    }
}
