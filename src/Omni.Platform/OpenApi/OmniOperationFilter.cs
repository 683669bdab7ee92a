using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Platform.OpenApi;

/// <summary>Documents what the platform adds to every API operation: the Bearer requirement, the
/// <c>X-Org-Id</c> and <c>Idempotency-Key</c> headers, and the problem responses (400, 401, 403, 413, 429).</summary>
internal sealed class OmniOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var permission = metadata.OfType<RequiredPermission>().FirstOrDefault();
        var hasBody = context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Body");
        var hasPathIds = context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        operation.Parameters ??= [];
        operation.Responses ??= [];

        if (authorized)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] }];
            AddProblem(operation, context, 401, "Missing or invalid bearer token.");
            if (!metadata.OfType<OrgOptional>().Any() && !metadata.OfType<OrgFromRoute>().Any())
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = RequestSessionMiddleware.OrgHeader,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "The org to act in. Optional when you belong to exactly one; API keys act in their own org.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                });
            }
            AddProblem(operation, context, 403, permission is null
                ? "Not a member of the org."
                : $"Not a member of the org, or the role/API key lacks `{permission.Name}`.");
        }
        if (permission is not null)
            operation.Description = $"{operation.Description}\n\nRequires `{permission.Name}`.".Trim();

        if (metadata.OfType<Idempotent>().Any())
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyExtensions.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes the request safe to retry: a repeat with the same key returns the first response (24 h).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
            AddProblem(operation, context, 422, "The Idempotency-Key was used for a different request.");
        }
        if (hasBody)
        {
            AddProblem(operation, context, 400, "Malformed JSON or invalid fields (`errors` lists them).");
            AddProblem(operation, context, 413, "The body is larger than this endpoint accepts.");
        }
        if (hasPathIds) AddProblem(operation, context, 404, "No such resource in your org (another org's resources are not found either).");
        if (authorized) AddProblem(operation, context, 429, "Rate limited; see Retry-After.");
    }

    private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        if (operation.Responses!.TryGetValue(key, out var existing))
        {
            if (existing is OpenApiResponse r && (r.Content is null || r.Content.Count == 0))
            {
                r.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } };
                if (string.IsNullOrEmpty(r.Description) || r.Description is "Bad Request" or "Not Found" or "Forbidden" or "Conflict")
                    r.Description = string.IsNullOrEmpty(r.Description) ? description : r.Description;
            }
            return;
        }
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
