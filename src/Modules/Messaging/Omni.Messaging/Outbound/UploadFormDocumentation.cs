using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Omni.Messaging.Outbound;

/// <summary>Marks the JSON send operation whose route also takes a <c>multipart/form-data</c> upload.</summary>
internal sealed class AlsoAcceptsUpload;

/// <summary>Adds the upload form to the JSON send operation's request body, so that Swagger shows (and
/// "Try it out" sends) both ways to post a message on one route.</summary>
internal sealed class UploadFormDocumentation : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AlsoAcceptsUpload>().Any()) return;
        if (operation.RequestBody is not OpenApiRequestBody body) return;
        body.Content ??= new Dictionary<string, OpenApiMediaType>();
        body.Content[SendUploadToConversationEndpoint.FormContentType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "file" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file to send (see the channel's capabilities for its size limits)." },
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "image, audio, video or file; by default from the file's type." },
                    ["content"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The caption." },
                    ["private"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "An internal note with the file: stored, never sent." },
                    ["reply_to_message_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                },
            },
        };
        body.Description = "JSON for text, media by URL, templates and notes; multipart/form-data to upload a file.";
    }
}
