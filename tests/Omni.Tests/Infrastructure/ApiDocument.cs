using System.Text.Json;
using System.Text.RegularExpressions;

namespace Omni.Tests.Infrastructure;

/// <summary>The API's own OpenAPI document, read the way a client generator would: the sweeps iterate
/// over it, so they cover every route a module adds without being told.</summary>
public sealed partial class ApiDocument(JsonElement root)
{
    public sealed record Operation(string Method, string Path, JsonElement Spec, ApiDocument Document)
    {
        public IReadOnlyList<string> PathParameters => ParamPattern().Matches(Path).Select(m => m.Groups[1].Value).ToList();

        public bool HasBody => Spec.TryGetProperty("requestBody", out _);

        /// <summary>The request body's example (every request type declares one), or null.</summary>
        public JsonElement? BodyExample => HasBody ? Document.ExampleFor(Spec.GetProperty("requestBody")) : null;

        public override string ToString() => $"{Method} {Path}";
    }

    public static async Task<ApiDocument> LoadAsync(TestApi api)
    {
        using var client = api.Client();
        var json = await client.GetStringAsync("/swagger/v1/swagger.json");
        return new ApiDocument(JsonDocument.Parse(json).RootElement.Clone());
    }

    public JsonElement Root => root;

    public IEnumerable<Operation> Operations =>
        from path in root.GetProperty("paths").EnumerateObject()
        from op in path.Value.EnumerateObject()
        where op.Name is "get" or "post" or "put" or "patch" or "delete"
        select new Operation(op.Name.ToUpperInvariant(), path.Name, op.Value, this);

    public Operation? Find(string method, string path) =>
        Operations.FirstOrDefault(o => o.Method == method && o.Path.TrimEnd('/') == path.TrimEnd('/'));

    private JsonElement? ExampleFor(JsonElement requestBody)
    {
        if (!requestBody.TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var media)) return null;
        var schema = media.GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/').Last());
        if (schema.TryGetProperty("example", out var example)) return example;
        if (schema.TryGetProperty("examples", out var examples) && examples.GetArrayLength() > 0) return examples[0];
        return null;
    }

    [GeneratedRegex(@"\{([^}:]+)(:[^}]*)?\}")]
    public static partial Regex ParamPattern();
}
