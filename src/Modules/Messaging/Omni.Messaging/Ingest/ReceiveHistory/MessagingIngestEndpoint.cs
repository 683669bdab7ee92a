using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary><c>POST /functions/v1/messaging-ingest</c>, exactly as <c>shared/seeds/messaging-ingest.md</c>
/// defines it: anonymous to the API (the connection authenticates itself with <c>x-api-key</c>), errors as
/// the contract's <c>{"error": "..."}</c> rather than our problem documents, checked in the contract's
/// order. Nothing unexpected leaves this handler as anything but the contract's 500.</summary>
internal static class MessagingIngestEndpoint
{
    public const string Path = "/functions/v1/messaging-ingest";
    public const string ApiKeyHeader = "x-api-key";

    public static async Task<Results<Ok<IngestResponse>, JsonHttpResult<IngestError>>> Handle(
        HttpContext http, IngestAuthenticator authenticator, IngestProcessor processor, IngestLimits limits, ILoggerFactory logs, CancellationToken ct)
    {
        try
        {
            var apiKey = http.Request.Headers[ApiKeyHeader].ToString();
            if (apiKey.Length == 0) return Error(StatusCodes.Status401Unauthorized, IngestErrors.MissingApiKey);

            using var body = await IngestBody.ReadAsync(http, limits, ct);
            if (body.Error is { } refusal) return Error(body.Status, refusal);

            var connection = await authenticator.FindAsync(body.ConnectionId, ct);
            if (connection is null || connection.Platform != body.Platform) return Error(StatusCodes.Status401Unauthorized, IngestErrors.InvalidConnection);
            if (!connection.SecretMatches(apiKey)) return Error(StatusCodes.Status401Unauthorized, IngestErrors.InvalidApiKey);
            if (!connection.IsActive) return Error(StatusCodes.Status403Forbidden, IngestErrors.Inactive);

            var conversations = body.Conversations.EnumerateArray().Select(IngestParser.Parse).ToList();
            return TypedResults.Ok(await processor.ProcessAsync(connection, conversations, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // the caller went away; there is no one to answer
        }
        catch (Exception e)
        {
            logs.CreateLogger(typeof(MessagingIngestEndpoint)).LogError(e, "Messaging ingest failed");
            return Error(StatusCodes.Status500InternalServerError, IngestErrors.Internal);
        }
    }

    private static JsonHttpResult<IngestError> Error(int status, string message) => TypedResults.Json(new IngestError(message), statusCode: status);
}
