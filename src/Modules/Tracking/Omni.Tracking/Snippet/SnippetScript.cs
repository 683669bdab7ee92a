using System.Text.Json.Nodes;

namespace Omni.Tracking.Snippet;

/// <summary>The tracker (<c>Snippet/t.js</c>, embedded) with a source's config on its first line, where the
/// script reads it: <c>window.omni.config</c>.</summary>
internal static class SnippetScript
{
    public const string ContentType = "application/javascript; charset=utf-8";

    private static readonly Lazy<string> Tracker = new(() =>
    {
        using var stream = typeof(SnippetScript).Assembly.GetManifestResourceStream("Omni.Tracking.Snippet.t.js")
            ?? throw new InvalidOperationException("The tracker script is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string For(SnippetSource source, string api)
    {
        var config = new JsonObject
        {
            ["write_key"] = source.WriteKey,
            ["api"] = api,
            ["consent_mode"] = source.ConsentMode,
            ["pixel_id"] = source.PixelId,
        };
        return $"(window.omni=window.omni||{{q:[]}}).config={config.ToJsonString()};\n{Tracker.Value}";
    }
}
