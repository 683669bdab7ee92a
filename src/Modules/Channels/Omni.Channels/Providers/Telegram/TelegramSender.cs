using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Channels.Contracts;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.Telegram;

/// <summary>Sends one message with one attempt (no HTTP retries: a repeated send would be a second message)
/// and maps the Bot API's answer to a <see cref="SendOutcome"/>: 429 waits <c>retry_after</c>; 401 (and 404,
/// Telegram's answer to a malformed token) is the token refused; 5xx or no answer is unavailable; any other
/// refusal (400 chat not found, 403 blocked or kicked) fails the message as <c>telegram_&lt;error_code&gt;</c>
/// with Telegram's description. A group that became a supergroup (400 with <c>migrate_to_chat_id</c>) fails
/// as <c>telegram_chat_migrated</c>, the new chat id in the error text: the conversation's chat is gone, and
/// the next message to <c>telegram:&lt;new id&gt;</c> reaches the group.</summary>
internal sealed class TelegramSender(TelegramClient client, SafeFetcher fetcher)
{
    /// <summary>The Bot API's limit for files we upload (photos: 10 MB).</summary>
    public const long MaxUploadBytes = 50 * 1024 * 1024;

    private static readonly Dictionary<string, (string Method, string Field)> MediaMethods = new()
    {
        ["image"] = ("sendPhoto", "photo"),
        ["audio"] = ("sendAudio", "audio"),
        ["video"] = ("sendVideo", "video"),
        ["file"] = ("sendDocument", "document"),
    };

    public async Task<SendOutcome> SendAsync(ChannelContext channel, OutboundMessage message, CancellationToken ct)
    {
        var token = channel.Credentials.GetValueOrDefault(TelegramBotToken.Credential);
        if (!TelegramBotToken.IsWellFormed(token))
            return new SendOutcome(SendOutcomeKind.CredentialsRejected, ErrorCode: "credentials_rejected", ErrorText: "The channel has no well-formed bot token.");

        var parameters = new JsonObject { ["chat_id"] = long.TryParse(message.RecipientId, CultureInfo.InvariantCulture, out var chatId) ? chatId : message.RecipientId };
        if (ReplyTo(message) is { } replyTo)
            parameters["reply_parameters"] = new JsonObject { ["message_id"] = replyTo, ["allow_sending_without_reply"] = true };

        if (message.Type == "text")
        {
            if (string.IsNullOrEmpty(message.Text)) return Rejected("text_empty", "A text message needs text.");
            parameters["text"] = message.Text;
            return Outcome(await client.SendOnceAsync(token!, "sendMessage", TelegramClient.Json(parameters), ct), token!);
        }
        if (message.Type == "template") return Rejected("template_unsupported", "Telegram has no message templates.");
        if (message.Media is not { } media || !MediaMethods.TryGetValue(message.Type, out var send))
            return Rejected("type_unsupported", $"Telegram channels cannot send {message.Type} messages.");
        if (!string.IsNullOrEmpty(media.Caption)) parameters["caption"] = media.Caption;

        HttpContent body;
        if (media.Content is { } bytes)
        {
            body = Upload(parameters, send.Field, bytes.ToArray(), media.FileName ?? send.Field, media.MimeType);
        }
        else if (!Uri.TryCreate(media.Url, UriKind.Absolute, out var url))
        {
            return Rejected("media_missing", "The message has no media URL.");
        }
        else if (send.Field == "document")
        {
            // Telegram fetches documents by URL only when they are PDF, GIF or ZIP: we fetch and upload instead.
            FetchedContent file;
            try
            {
                file = await fetcher.GetAsync(url, MaxUploadBytes, TimeSpan.FromSeconds(60), null, ct);
            }
            catch (FetchException e) when (e.Code is "fetch_failed" or "timeout")
            {
                return new SendOutcome(SendOutcomeKind.Unavailable, ErrorCode: "media_unavailable", ErrorText: $"The file could not be fetched: {e.Message}");
            }
            catch (FetchException e)
            {
                return Rejected($"media_{e.Code}", $"The file cannot be sent: {e.Message}");
            }
            var name = media.FileName ?? file.FileName ?? (Path.GetFileName(url.AbsolutePath) is { Length: > 0 } last ? last : "file");
            body = Upload(parameters, send.Field, file.Content, name, file.MediaType ?? media.MimeType);
        }
        else
        {
            parameters[send.Field] = url.ToString();
            body = TelegramClient.Json(parameters);
        }
        return Outcome(await client.SendOnceAsync(token!, send.Method, body, ct), token!);
    }

    /// <summary>Our external ids are <c>&lt;chat id&gt;:&lt;message id&gt;[...]</c>; a reply can quote a message of the same chat only.</summary>
    private static long? ReplyTo(OutboundMessage message) =>
        message.ReplyToExternalId?.Split(':') is [var chat, var id, ..] && chat == message.RecipientId
            && long.TryParse(id, CultureInfo.InvariantCulture, out var messageId) ? messageId : null;

    private static MultipartFormDataContent Upload(JsonObject parameters, string field, byte[] bytes, string fileName, string? mimeType)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in parameters)
        {
            if (value is null) continue;
            form.Add(new StringContent(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()), key);
        }
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(mimeType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, fileName);
        return form;
    }

    private static SendOutcome Outcome(TelegramAnswer answer, string token)
    {
        if (answer.Ok)
        {
            return answer.Result.ValueKind == JsonValueKind.Object
                && answer.Result.TryGetProperty("message_id", out var id) && answer.Result.TryGetProperty("chat", out var chat)
                ? SendOutcome.Sent($"{chat.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)}:{id.GetInt64().ToString(CultureInfo.InvariantCulture)}")
                : Rejected("telegram_unexpected_answer", "Telegram accepted the message but did not return it.");
        }
        var text = TelegramBotToken.Scrub(answer.Description, token);
        if (answer.Transient) return new SendOutcome(SendOutcomeKind.Unavailable, ErrorCode: "platform_unavailable", ErrorText: text);
        if (answer.ErrorCode == 429) return new SendOutcome(SendOutcomeKind.RateLimited, RetryAfter: answer.RetryAfter, ErrorCode: "rate_limited", ErrorText: text);
        if (answer.TokenRejected) return new SendOutcome(SendOutcomeKind.CredentialsRejected, ErrorCode: "credentials_rejected", ErrorText: text);
        if (answer.MigrateToChatId is { } migrated)
            return Rejected("telegram_chat_migrated", $"{text}. The group is now the supergroup {migrated}: write to telegram:{migrated}.");
        return Rejected($"telegram_{answer.ErrorCode}", text);
    }

    private static SendOutcome Rejected(string code, string text) => new(SendOutcomeKind.Rejected, ErrorCode: code, ErrorText: text);
}
