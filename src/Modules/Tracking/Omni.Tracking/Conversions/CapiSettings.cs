using Microsoft.Extensions.Configuration;

namespace Omni.Tracking.Conversions;

/// <summary>Where the Conversions API is: <c>Omni:Providers:MetaCapi:BaseUrl</c> (Graph host and version;
/// tests point it at a local fake).</summary>
internal sealed class CapiSettings
{
    public static readonly Uri DefaultBaseUrl = new("https://graph.facebook.com/v23.0/");

    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    public static CapiSettings From(IConfiguration config) => new()
    {
        BaseUrl = config["Omni:Providers:MetaCapi:BaseUrl"] is { Length: > 0 } url ? new Uri(url.EndsWith('/') ? url : url + "/") : DefaultBaseUrl,
    };
}
