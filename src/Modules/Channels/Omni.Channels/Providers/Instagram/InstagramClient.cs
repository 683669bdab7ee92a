using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Omni.Channels.Providers.Instagram;

/// <summary>The Graph API calls the Instagram channel makes, at <c>Omni:Providers:Instagram:BaseUrl</c> (host and
/// version, e.g. <c>https://graph.instagram.com/v23.0/</c>; <c>https://graph.facebook.com/v23.0/</c> for the
/// Facebook Login flavour: both take <c>/{id}/messages</c> with a Bearer token). No HTTP-level retries: a
/// retried send can deliver a message twice, so sends are retried by the job system, which knows the outcome.
/// Never throws for the platform's answers or for network failures: they are <see cref="GraphAnswer"/>s.</summary>
internal sealed class InstagramClient(IHttpClientFactory factory, ProviderSettings settings)
{
    public const string HttpClientName = "instagram";

    /// <summary>Checks the token against the account: the IG professional account (or Page) node.</summary>
    public Task<GraphAnswer> GetAccountAsync(string accountId, string token, CancellationToken ct) =>
        CallAsync(HttpMethod.Get, $"{Uri.EscapeDataString(accountId)}?fields=id,username", token, null, ct);

    /// <summary>The Send API: <c>POST /{id}/messages</c>.</summary>
    public Task<GraphAnswer> SendMessageAsync(string accountId, string token, JsonObject body, CancellationToken ct) =>
        CallAsync(HttpMethod.Post, $"{Uri.EscapeDataString(accountId)}/messages", token, body, ct);

    private async Task<GraphAnswer> CallAsync(HttpMethod method, string relative, string token, JsonObject? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(settings.InstagramBaseUrl, relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var http = factory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, ct);
            return GraphAnswer.Read(response, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e)
        {
            return GraphAnswer.Unreachable($"Instagram could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return GraphAnswer.Unreachable("Instagram did not answer in time.");
        }
    }
}
