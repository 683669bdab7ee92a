using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Contracts;
using Omni.Messaging.Data;
using Omni.Messaging.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Ingest.Connections.CreateConnection;

internal static class CreateConnectionEndpoint
{
    /// <summary>Creates the connection and the receive-only channel its history lands in (conversations on
    /// that channel, in the same inbox as live ones). The secret is in this response only.</summary>
    public static async Task<Results<Created<ConnectionWithSecretResponse>, ProblemHttpResult>> Handle(
        CreateConnectionRequest body, MessagingDbContext db, IChannelGateway channels, RequestContext request, CancellationToken ct)
    {
        var name = body.Name.Trim();
        var connectionId = body.ConnectionId ?? ConnectionSecrets.NewConnectionId(body.Platform);
        var channelId = await channels.CreateIngestChannelAsync(body.Platform, name, ct);
        var secret = ConnectionSecrets.NewSecret();
        var now = DbClock.Now;
        var connection = new IngestConnection
        {
            Id = Guid.CreateVersion7(),
            OrgId = request.OrgId,
            ConnectionId = connectionId,
            Platform = body.Platform,
            Name = name,
            ChannelId = channelId,
            ApiSecretHash = ConnectionSecrets.Hash(secret),
            ApiSecretPrefix = ConnectionSecrets.DisplayPrefix(secret),
            IsActive = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.IngestConnections.Add(connection);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ingest_connections_connection_id_key"))
        {
            // The failed insert ends the request's transaction: the channel made above is rolled back too.
            return ApiProblem.Conflict("connection_id_taken", $"The connection_id '{connectionId}' is already in use; choose another or leave it out to get one.");
        }
        return TypedResults.Created($"/api/v1/messaging/connections/{connection.Id}", ConnectionWithSecretResponse.From(connection, secret));
    }
}
