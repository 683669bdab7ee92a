using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omni.Channels.Providers.Telegram;

/// <summary>The Bot API at <see cref="ProviderSettings.TelegramBaseUrl"/>: <c>bot&lt;token&gt;/&lt;method&gt;</c>
/// with JSON (or multipart) bodies, files at <c>file/bot&lt;token&gt;/&lt;file_path&gt;</c>. Never throws for
/// an answer or a transport failure: both come back as a <see cref="TelegramAnswer"/>, with any text that
/// could carry the token scrubbed. Neither HTTP client logs (their URLs carry the token).</summary>
internal sealed class TelegramClient(IHttpClientFactory factory, ProviderSettings settings)
{
    /// <summary>For calls that are safe to repeat (getMe, setWebhook, getFile): behind the retrying pipeline.</summary>
    public const string ApiClient = "telegram";

    /// <summary>For sends: one attempt only. Telegram has no idempotency key, so a retried send can be a
    /// duplicate message; the job system decides when to try again.</summary>
    public const string SendClient = "telegram.send";

    public Task<TelegramAnswer> CallAsync(string token, string method, JsonObject parameters, CancellationToken ct) =>
        PostAsync(ApiClient, token, method, Json(parameters), ct);

    public Task<TelegramAnswer> SendOnceAsync(string token, string method, HttpContent body, CancellationToken ct) =>
        PostAsync(SendClient, token, method, body, ct);

    public static HttpContent Json(JsonObject parameters) => new StringContent(parameters.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Where a file that <c>getFile</c> described is downloaded from (null for a path that would leave it).</summary>
    public Uri? FileUrl(string token, string filePath)
    {
        var segments = filePath.Split('/');
        if (segments.Any(s => s is "" or "." or "..")) return null;
        return new Uri(settings.TelegramBaseUrl, $"./file/bot{token}/{string.Join('/', segments.Select(Uri.EscapeDataString))}");
    }

    private async Task<TelegramAnswer> PostAsync(string client, string token, string method, HttpContent body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.TelegramBaseUrl, $"./bot{token}/{method}")) { Content = body };
        try
        {
            using var response = await factory.CreateClient(client).SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return TelegramAnswer.Read((int)response.StatusCode, text, response.Headers.RetryAfter?.Delta);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            return TelegramAnswer.Unreachable(TelegramBotToken.Scrub($"{e.GetType().Name}: {e.Message}", token));
        }
    }
}

/// <summary>One Bot API answer: <c>{"ok":true,"result":...}</c> or <c>{"ok":false,"error_code","description",
/// "parameters":{"retry_after","migrate_to_chat_id"}}</c>. <see cref="HttpStatus"/> is 0 when no answer came.</summary>
internal sealed record TelegramAnswer(int HttpStatus, bool Ok, JsonElement Result, int ErrorCode, string Description, TimeSpan? RetryAfter, long? MigrateToChatId)
{
    public bool Reached => HttpStatus > 0;

    /// <summary>The token was refused (401), or was not even taken for one (404: Telegram's answer to a
    /// malformed token path).</summary>
    public bool TokenRejected => ErrorCode is 401 or 404;

    public bool Transient => !Reached || ErrorCode >= 500;

    public static TelegramAnswer Unreachable(string why) => new(0, false, default, 0, $"Telegram could not be reached ({why})", null, null);

    public static TelegramAnswer Read(int status, string body, TimeSpan? retryAfterHeader)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out var ok) && ok.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                if (ok.GetBoolean())
                    return new(status, true, root.TryGetProperty("result", out var result) ? result.Clone() : default, 0, "", null, null);
                var code = root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : status;
                var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : $"HTTP {status}";
                TimeSpan? retryAfter = retryAfterHeader;
                long? migrateTo = null;
                if (root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object)
                {
                    if (p.TryGetProperty("retry_after", out var r) && r.TryGetInt32(out var seconds)) retryAfter = TimeSpan.FromSeconds(seconds);
                    if (p.TryGetProperty("migrate_to_chat_id", out var m) && m.TryGetInt64(out var chat)) migrateTo = chat;
                }
                return new(status, false, default, code, description, retryAfter, migrateTo);
            }
        }
        catch (JsonException)
        {
        }
        // Not the Bot API's envelope (a proxy's error page): judge by the status alone.
        return new(status, false, default, status is >= 200 and < 300 ? 502 : status, $"HTTP {status} without a Bot API answer", retryAfterHeader, null);
    }
}
