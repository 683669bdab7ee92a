using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>The Graph API at <c>Omni:Providers:WhatsApp:BaseUrl</c>, one call at a time, Bearer token per call
/// (each channel has its own). No HTTP-level retries: a retried send can duplicate a message, so sends are
/// retried by the job system, which knows what an answer means. Network failures surface as
/// <see cref="HttpRequestException"/> or <see cref="TaskCanceledException"/> (timeout).</summary>
internal sealed class WhatsAppClient(IHttpClientFactory factory, ILogger<WhatsAppClient> log)
{
    public const string HttpClientName = "whatsapp-graph";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public Task<GraphResponse> GetAsync(string relativeUrl, string accessToken, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, relativeUrl), accessToken, ct);

    public Task<GraphResponse> PostJsonAsync(string relativeUrl, string accessToken, string json, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, relativeUrl) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, accessToken, ct);

    /// <summary>Uploads media (<c>POST /{phone-number-id}/media</c>: <c>messaging_product</c>, <c>type</c>, <c>file</c>).</summary>
    public Task<GraphResponse> UploadMediaAsync(string phoneNumberId, string accessToken, ReadOnlyMemory<byte> content, string mimeType, string fileName, CancellationToken ct)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("whatsapp"), "messaging_product" },
            { new StringContent(mimeType), "type" },
        };
        var file = new ReadOnlyMemoryContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
        form.Add(file, "file", fileName);
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Uri.EscapeDataString(phoneNumberId)}/media") { Content = form }, accessToken, ct);
    }

    private async Task<GraphResponse> SendAsync(HttpRequestMessage request, string accessToken, CancellationToken ct)
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var http = factory.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var trace = response.Headers.TryGetValues("x-fb-trace-id", out var values) ? values.FirstOrDefault() : null;

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
                    // Proxies and load balancers answer HTML; the status says enough.
                }
            }
            var error = GraphError.Read(body);
            var status = (int)response.StatusCode;
            if (error is not null || status >= 300)
            {
                log.LogWarning("WhatsApp Graph {Method} {Path} answered {Status} {Error} (x-fb-trace-id {TraceId})",
                    request.Method, request.RequestUri, status, error?.ToString() ?? "without a Graph error", error?.TraceId ?? trace);
            }
            return new GraphResponse(status, body, error, error?.TraceId ?? trace);
        }
    }
}
