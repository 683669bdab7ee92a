using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Tracking.Intake;

/// <summary>Marks the intake routes, whose caller authenticates with a source's write key instead of a token.</summary>
internal sealed class UsesWriteKey;

/// <summary>Documents the write-key scheme (<c>X-Write-Key</c>, or <c>write_key</c> in the body), so that
/// Swagger's "Try it out" can send it.</summary>
internal sealed class WriteKeySwaggerFilter : IOperationFilter
{
    public const string Scheme = "WriteKey";

    public static void Configure(SwaggerGenOptions o)
    {
        o.AddSecurityDefinition(Scheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = IntakeRequest.WriteKeyHeader,
            Description = "A tracking source's public write key (or `write_key` in the body), for /api/v1/track only.",
        });
        o.OperationFilter<WriteKeySwaggerFilter>();
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<UsesWriteKey>().Any()) return;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
    }
}
