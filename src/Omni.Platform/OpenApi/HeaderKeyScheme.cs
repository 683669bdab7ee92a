using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Platform.OpenApi;

/// <summary>A security scheme for routes that take a key in a header instead of a bearer token (a source's
/// write key, an ingest connection's secret): documented once, and required on the operations whose endpoint
/// carries the marker type given, so that Swagger's "Try it out" sends it.</summary>
public static class HeaderKeyScheme
{
    public static void Add<TMarker>(SwaggerGenOptions o, string scheme, string header, string description)
    {
        o.AddSecurityDefinition(scheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = header,
            Description = description,
        });
        o.OperationFilter<Filter<TMarker>>(scheme);
    }

    private sealed class Filter<TMarker>(string scheme) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<TMarker>().Any()) return;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
        }
    }
}
