using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Leads.ImportLeads;

/// <summary>Marks the import operation, whose <c>text/csv</c> body is the file itself.</summary>
internal sealed class TakesCsvBody;

/// <summary>Shows the import's <c>text/csv</c> body as text with an example file (the JSON form keeps its
/// object schema), so that Swagger's "Try it out" can send a CSV.</summary>
internal sealed class CsvBodyDocumentation : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<TakesCsvBody>().Any()) return;
        if (operation.RequestBody is not OpenApiRequestBody body || body.Content is null) return;
        body.Content["text/csv"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The CSV file, header row first." },
            Example = System.Text.Json.Nodes.JsonValue.Create(ImportLeadsRequest.Example.Csv),
        };
    }
}
