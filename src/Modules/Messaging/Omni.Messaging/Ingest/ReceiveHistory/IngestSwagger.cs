using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>Marks the ingest endpoint, whose caller authenticates with <c>x-api-key</c> (the connection's
/// secret) instead of a bearer token.</summary>
internal sealed class UsesIngestApiKey;

/// <summary>Documents the <c>x-api-key</c> scheme, so that Swagger's "Try it out" sends it.</summary>
internal sealed class IngestSwaggerFilter : IOperationFilter
{
    public const string Scheme = "IngestApiKey";

    public static void Configure(SwaggerGenOptions o)
    {
        o.AddSecurityDefinition(Scheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = MessagingIngestEndpoint.ApiKeyHeader,
            Description = "The API secret of a messaging connection (POST /api/v1/messaging/connections), for /functions/v1/messaging-ingest only.",
        });
        o.OperationFilter<IngestSwaggerFilter>();
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<UsesIngestApiKey>().Any()) return;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
    }
}
