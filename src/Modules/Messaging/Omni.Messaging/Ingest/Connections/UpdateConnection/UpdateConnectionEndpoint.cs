using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Ingest.Connections.UpdateConnection;

internal static class UpdateConnectionEndpoint
{
    public static async Task<Results<Ok<ConnectionResponse>, NotFound>> Handle(
        Guid id, UpdateConnectionRequest body, MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var connection = await db.IngestConnections.AsTracking().SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (connection is null) return TypedResults.NotFound();
        if (body.Name is not null) connection.Name = body.Name.Trim();
        if (body.IsActive is { } active) connection.IsActive = active;
        connection.UpdatedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ConnectionResponse.From(connection));
    }
}
