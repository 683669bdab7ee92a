using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Platform.OpenApi;

internal static class SwaggerSetup
{
    public static IServiceCollection AddOmniSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddTransient<ISerializerDataContractResolver>(sp => new OptionalAwareContractResolver(new JsonSerializerDataContractResolver(
            sp.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions)));
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Omni API",
                Version = "v1",
                Description = """
                    One API for WhatsApp, Telegram, Instagram and web chat, contacts, leads, tracking and AI.
                    Authenticate with a Supabase access token or an org API key (`Authorization: Bearer ...`);
                    pick the org with `X-Org-Id` when you belong to several. Errors are RFC 7807 problems with a stable `code`.
                    Lists are cursor-paginated (`limit`, `cursor`, `next_cursor`).
                    """,
            });
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT or omni_sk_ API key",
                Description = "A Supabase access token (locally: `dotnet run --project src/Omni.Api -- dev-token --email you@example.com`) or an org API key.",
            });
            o.CustomSchemaIds(SchemaId);
            o.SupportNonNullableReferenceTypes();
            o.OperationFilter<OmniOperationFilter>();
            o.SchemaFilter<ExampleSchemaFilter>();
        });
        return services;
    }

    public static WebApplication UseOmniSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "Omni API v1");
            o.DocumentTitle = "Omni API";
            o.EnablePersistAuthorization();
            o.EnableTryItOutByDefault();
        });
        return app;
    }

    /// <summary>Schema ids are the type names, nested types prefixed by their parent; generics spelled out.</summary>
    private static string SchemaId(Type type)
    {
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId))
            : type.Name;
        return type.DeclaringType is { } parent ? SchemaId(parent) + name : name;
    }
}

internal sealed class ExampleSchemaFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete) return;
        var provider = context.Type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHasExample<>));
        if (provider is null) return;
        var example = context.Type.GetProperty("Example", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null);
        if (example is not null)
            concrete.Examples = [System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(example, context.Type, json.Value.SerializerOptions))!];
    }
}

/// <summary>Documents an <see cref="Http.Optional{T}"/> PATCH field and a <see cref="Http.RawJson{T}"/> value
/// as the <c>T</c> they carry.</summary>
internal sealed class OptionalAwareContractResolver(ISerializerDataContractResolver inner) : ISerializerDataContractResolver
{
    public DataContract GetDataContractForType(Type type) =>
        inner.GetDataContractForType(type.IsGenericType
            && (type.GetGenericTypeDefinition() == typeof(Http.Optional<>) || type.GetGenericTypeDefinition() == typeof(Http.RawJson<>))
            ? type.GetGenericArguments()[0]
            : type);
}
