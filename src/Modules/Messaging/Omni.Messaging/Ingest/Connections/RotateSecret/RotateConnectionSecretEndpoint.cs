using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Ingest.Connections.RotateSecret;

internal static class RotateConnectionSecretEndpoint
{
    /// <summary>A new secret, in this response only; the old one stops working at once.</summary>
    public static async Task<Results<Ok<ConnectionWithSecretResponse>, NotFound>> Handle(
        Guid id, MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var connection = await db.IngestConnections.AsTracking().SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (connection is null) return TypedResults.NotFound();
        var secret = ConnectionSecrets.NewSecret();
        connection.ApiSecretHash = ConnectionSecrets.Hash(secret);
        connection.ApiSecretPrefix = ConnectionSecrets.DisplayPrefix(secret);
        connection.UpdatedAt = DbClock.Now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ConnectionWithSecretResponse.From(connection, secret));
    }
}
