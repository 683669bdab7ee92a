using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Ingest.Connections.GetConnection;

internal static class GetConnectionEndpoint
{
    public static async Task<Results<Ok<ConnectionResponse>, NotFound>> Handle(Guid id, MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var connection = await db.IngestConnections.SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        return connection is null ? TypedResults.NotFound() : TypedResults.Ok(ConnectionResponse.From(connection));
    }
}
