using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Net.Http.Headers;
using Omni.Tracking.Intake;
using Omni.Tracking.Sources;

namespace Omni.Tracking.Snippet;

internal static class SnippetEndpoint
{
    public const string Path = "/t.js";

    public const string Description = """
        `k` is the source's `write_key`. Put this in the page's `<head>`; calls made before the script loads are queued and replayed:

        ```html
        <script>
          window.omni = window.omni || {q: []};
          ['track', 'identify', 'page', 'consent'].forEach(function (m) {
            omni[m] = omni[m] || function () { omni.q.push([m].concat([].slice.call(arguments))); };
          });
        </script>
        <script async src="{api}/t.js?k={write_key}"></script>
        ```

        The tracker records a `PageView` on load, clicks on elements with `data-omni-event="Name"` (properties from their
        other `data-omni-*` attributes), `omni.track(name, props)`, `omni.page(name, props)` and `omni.identify({email, phone,
        external_id, name})`. It keeps a first-party `omni_aid` cookie (1 year), Meta's `_fbp` and `_fbc` (from `fbclid`),
        pushes each event to `window.dataLayer` with `omni_event_id`, calls `fbq` with the same id as `eventID` when the page
        has the Pixel, and posts batches to `POST /api/v1/track/batch`, keeping them in `localStorage` while offline.
        With the source's `consent_mode` `required` it stores and sends nothing until `omni.consent(true)`;
        `omni.consent(false)` turns it off. Answers are cached 5 minutes and carry an ETag. An unknown or inactive key is 404.
        """;

    /// <summary>The tracker for the source of <paramref name="k"/>. The answer is the same for every visitor
    /// of a source, so browsers and CDNs may keep it a few minutes and revalidate it by its ETag.</summary>
    public static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> Handle(
        string? k, SourceDirectory sources, IConfiguration config, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        var found = k is { Length: > 0 and <= 200 } && k.StartsWith(SourceKeys.WriteKeyPrefix, StringComparison.Ordinal)
            ? await sources.FindAsync(k, ct)
            : null;
        var source = found is null ? null : new SnippetSource(k!, found.PixelId, found.ConsentMode, found.IsActive);
        if (source is not { IsActive: true })
        {
            response.Headers.CacheControl = "no-store";
            return TypedResults.Text("/* Omni: unknown or inactive write key */\n", SnippetScript.ContentType, Encoding.UTF8, StatusCodes.Status404NotFound);
        }

        var script = SnippetScript.For(source, ApiBase(config, request));
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..32] + "\"");
        response.Headers.CacheControl = "public, max-age=300";
        response.Headers.ETag = etag.ToString();
        if (request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } known && known.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Text(script, SnippetScript.ContentType, Encoding.UTF8);
    }

    /// <summary>Where the tracker sends its events: the API's public address when configured (behind a proxy
    /// the request's own host may be an internal one), else the address this request came to.</summary>
    private static string ApiBase(IConfiguration config, HttpRequest request) =>
        config["Omni:PublicBaseUrl"] is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
}
