using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Omni.Tracking.Conversions;

/// <summary><c>POST {base}/{pixel_id}/events?access_token=…</c>, one call per batch. No HTTP-level retries:
/// the forwarding job retries, and counts each try on the deliveries. The token is in the query, so the
/// client's own request logging is removed at registration and nothing here logs the URL.</summary>
internal sealed class CapiClient(IHttpClientFactory factory, ILogger<CapiClient> log)
{
    public const string HttpClientName = "meta-capi";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="HttpRequestException"/> or <see cref="TaskCanceledException"/> (timeout)
    /// when no answer came.</summary>
    public async Task<CapiAnswer> SendAsync(string pixelId, string accessToken, string json, CancellationToken ct)
    {
        var path = $"{Uri.EscapeDataString(pixelId)}/events?access_token={Uri.EscapeDataString(accessToken)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var http = factory.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var body = default(JsonElement);
        if (text.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                body = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                // A proxy's HTML page: the status says enough.
            }
        }
        var answer = new CapiAnswer((int)response.StatusCode, text, body, CapiGraphError.Read(body));
        if (!answer.IsSuccess)
            log.LogWarning("Conversions API for pixel {PixelId} answered {Status} {Error} (fbtrace_id {TraceId})",
                pixelId, answer.Status, answer.Error?.ToString() ?? "without a Graph error", answer.TraceId);
        return answer;
    }
}
