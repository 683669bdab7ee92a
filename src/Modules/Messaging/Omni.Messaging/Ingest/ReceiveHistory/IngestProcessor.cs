using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>Runs a request's writes as one unit of work: its own scope, session and transaction as
/// <c>omni_system</c> for the connection's org (RLS fences every statement to that org). All or nothing:
/// conversations that fail their checks are reported without being written, and anything unexpected
/// rolls the whole request back (a retry is safe: messages are deduplicated). Two syncers writing the same
/// threads at once can deadlock on the rows they both touch; the loser is run again from the start.</summary>
internal sealed class IngestProcessor(IServiceScopeFactory scopes, ILogger<IngestProcessor> log)
{
    private const int Attempts = 3;

    public async Task<IngestResponse> ProcessAsync(IngestConnectionInfo connection, IReadOnlyList<ParsedConversation> conversations, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunAsync(connection, conversations, ct);
            }
            catch (Exception e) when (attempt < Attempts && PostgresErrors.Find(e)?.SqlState is "40P01" or "40001")
            {
                log.LogWarning("Ingest for connection {ConnectionId} collided with another transaction ({SqlState}); running it again",
                    connection.ConnectionId, PostgresErrors.Find(e)!.SqlState);
            }
        }
    }

    private async Task<IngestResponse> RunAsync(IngestConnectionInfo connection, IReadOnlyList<ParsedConversation> conversations, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<RequestContext>().ActAsSystem(connection.OrgId);
        var session = services.GetRequiredService<DbSession>();
        await session.BeginDeferredAsync(SessionIdentity.System(connection.OrgId, $"ingest:{connection.ConnectionId}"), ct);
        var response = await services.GetRequiredService<IngestWriter>().WriteAsync(connection, conversations, ct);
        await session.CommitAsync(ct);
        return response;
    }
}
