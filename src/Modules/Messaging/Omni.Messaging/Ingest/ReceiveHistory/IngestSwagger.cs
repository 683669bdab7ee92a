using Omni.Platform.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>Marks the ingest endpoint, whose caller authenticates with <c>x-api-key</c> (the connection's
/// secret) instead of a bearer token.</summary>
internal sealed class UsesIngestApiKey;

/// <summary>Documents the <c>x-api-key</c> scheme, so that Swagger's "Try it out" sends it.</summary>
internal static class IngestSwaggerFilter
{
    public const string Scheme = "IngestApiKey";

    public static void Configure(SwaggerGenOptions o) => HeaderKeyScheme.Add<UsesIngestApiKey>(o, Scheme, MessagingIngestEndpoint.ApiKeyHeader,
        "The API secret of a messaging connection (POST /api/v1/messaging/connections), for /functions/v1/messaging-ingest only.");
}
