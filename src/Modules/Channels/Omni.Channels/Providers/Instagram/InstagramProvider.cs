using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Omni.Channels.Contracts;
using Omni.Messaging.Contracts;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.Instagram;

/// <summary>Instagram Direct through Meta's Graph API (Instagram Login or Facebook Login flavour: same payloads,
/// the host is configuration). Credentials: <c>page_id</c>, <c>access_token</c>, <c>app_secret</c> (signs the
/// webhooks), <c>verify_token</c> (the webhook handshake).
/// <para><c>page_id</c> is the id Meta's webhooks name in <c>entry[].id</c> and the id sends go to
/// (<c>POST /{page_id}/messages</c>): the Instagram professional account id (IG_ID) with Instagram Login, which
/// is what the reference documents for <c>entry[].id</c>. With Facebook Login give the id that your webhooks
/// carry as <c>entry[].id</c>; the channel is routed by it and by nothing else.</para>
/// <para>Free-form messages only within 24 hours of the contact's last message. The <c>HUMAN_AGENT</c> tag (7
/// days, needs Meta's Human Agent permission) is not used: outside the window a send is refused up front.</para></summary>
internal sealed class InstagramProvider(InstagramClient graph, SafeFetcher fetcher, ILogger<InstagramProvider> log) : IChannelProvider
{
    public const string PageId = "page_id";
    public const string AccessToken = "access_token";
    public const string AppSecret = "app_secret";
    public const string VerifyToken = "verify_token";

    /// <summary>Text must be under 1000 characters (Send API).</summary>
    public const int MaxTextLength = 1000;

    private const long Megabyte = 1024 * 1024;
    private static readonly TimeSpan MediaFetchTime = TimeSpan.FromSeconds(60);

    public string Type => ChannelTypes.Instagram;

    /// <summary>Attachments by URL: image (png/jpeg/gif, 8 MB), audio (aac/m4a/wav/mp4, 25 MB), video
    /// (mp4/ogg/avi/mov/webm, 25 MB). No templates; the 24-hour customer-service window.</summary>
    public ChannelCapabilities Capabilities { get; } = new(
        true, ["text", "image", "video", "audio"],
        new Dictionary<string, long> { ["image"] = 8 * Megabyte, ["video"] = 25 * Megabyte, ["audio"] = 25 * Megabyte },
        SupportsTemplates: false, CustomerServiceWindow: TimeSpan.FromHours(24),
        MaxTextLength: MaxTextLength, MaxCaptionLength: MaxTextLength, MediaByLinkOnly: true);

    public IReadOnlyList<string> RequiredCredentials { get; } = [PageId, AccessToken, AppSecret, VerifyToken];

    public string? ExternalIdFrom(IReadOnlyDictionary<string, string> credentials) =>
        credentials.TryGetValue(PageId, out var id) && !string.IsNullOrWhiteSpace(id) ? id.Trim() : null;

    public IReadOnlyDictionary<string, string> PublicSettings(IReadOnlyDictionary<string, string> credentials) =>
        ExternalIdFrom(credentials) is { } id ? new Dictionary<string, string> { [PageId] = id } : new Dictionary<string, string>();

    /// <summary>Reads the account node with the token (<c>GET /{page_id}?fields=id,username</c>): a refused
    /// token or an account the token may not use is a refusal; the account's username is learned.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ConnectAsync(ChannelContext channel, Uri? webhookUrl, CancellationToken ct)
    {
        var account = channel.Credential(PageId);
        if (account.Length is 0 or > 64 || !account.All(char.IsAsciiDigit))
            throw new ChannelConnectException(true, "page_id must be the numeric id of the Instagram account that Meta's webhooks name in entry[].id.");
        var answer = await graph.GetAccountAsync(account, channel.Credential(AccessToken), ct);
        if (!answer.Succeeded) throw InstagramOutcomes.ForConnect(answer, account);

        var learned = new Dictionary<string, string>();
        var body = answer.Body!.Value;
        if (body.TryGetProperty("username", out var username) && username.ValueKind == JsonValueKind.String) learned["username"] = username.GetString()!;
        if (body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) learned["account_id"] = id.GetString()!;
        return learned;
    }

    /// <summary>Text, or one attachment by public URL. Instagram attachments carry no caption: a caption goes
    /// as a text message right after the attachment, best effort (the message's outcome is the attachment's;
    /// a failed caption is logged, never retried, so the attachment is never sent twice).</summary>
    public async Task<SendOutcome> SendAsync(ChannelContext channel, OutboundMessage message, CancellationToken ct)
    {
        var account = channel.ExternalId ?? channel.Credential(PageId);
        var token = channel.Credential(AccessToken);
        switch (message.Type)
        {
            case "text":
                if (TextRefusal(message.Text) is { } refusal) return refusal;
                return await SendOneAsync(account, token, message.RecipientId, new JsonObject { ["text"] = message.Text }, ct);

            case "image" or "video" or "audio":
                if (message.Media?.Url is not { Length: > 0 } url)
                    return Refused("media_url_required", "Instagram takes media by public URL only.");
                var attachment = new JsonObject { ["attachment"] = new JsonObject { ["type"] = message.Type, ["payload"] = new JsonObject { ["url"] = url } } };
                var outcome = await SendOneAsync(account, token, message.RecipientId, attachment, ct);
                if (outcome.Kind == SendOutcomeKind.Sent && !string.IsNullOrWhiteSpace(message.Media.Caption))
                {
                    var caption = TextRefusal(message.Media.Caption)
                        ?? await SendOneAsync(account, token, message.RecipientId, new JsonObject { ["text"] = message.Media.Caption }, ct);
                    if (caption.Kind != SendOutcomeKind.Sent)
                        log.LogWarning("The caption of message {MessageId} was not sent to Instagram ({Kind}): {Error}", message.MessageId, caption.Kind, caption.ErrorText);
                }
                return outcome;

            default:
                return Refused("type_unsupported", $"Instagram channels cannot send {message.Type} messages.");
        }
    }

    private async Task<SendOutcome> SendOneAsync(string account, string token, string recipient, JsonObject content, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = recipient },
            ["messaging_type"] = "RESPONSE",
            ["message"] = content,
        };
        var answer = await graph.SendMessageAsync(account, token, body, ct);
        if (answer.Succeeded && answer.Body!.Value.TryGetProperty("message_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } mid)
            return SendOutcome.Sent(mid);
        return InstagramOutcomes.ForSend(answer);
    }

    private static SendOutcome? TextRefusal(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Refused("empty_message", "A text message needs text.")
        : text.EnumerateRunes().Count() > MaxTextLength ? Refused("text_too_long", $"Instagram text messages are limited to {MaxTextLength} characters.")
        : null;

    private static SendOutcome Refused(string code, string text) => new(SendOutcomeKind.Rejected, ErrorCode: code, ErrorText: text);

    /// <summary>Attachment links are Meta CDN URLs that expire: fetched without credentials, SSRF-safe, within
    /// the size cap. An expired or removed link (403, 404, any 4xx but 408/429) is <c>media_unavailable</c>; an
    /// outage or timeout is thrown as is, for the fetch job to retry.</summary>
    public async Task<MediaContent> DownloadMediaAsync(ChannelContext channel, string mediaRef, long maxBytes, CancellationToken ct)
    {
        if (!Uri.TryCreate(mediaRef, UriKind.Absolute, out var url))
            throw new MediaFetchException("invalid_media_ref", "The Instagram attachment has no usable URL.");
        try
        {
            var fetched = await fetcher.GetAsync(url, maxBytes, MediaFetchTime, authorization: null, ct);
            return new MediaContent(fetched.Content, fetched.MediaType ?? "application/octet-stream", fetched.FileName);
        }
        catch (FetchException e) when (e.StatusCode is >= 400 and < 500 and not 408 and not 429)
        {
            throw new MediaFetchException("media_unavailable", $"The Instagram attachment link has expired or was removed (HTTP {e.StatusCode}).");
        }
        catch (FetchException e) when (e.Code is "too_large" or "invalid_url" or "forbidden_address" or "too_many_redirects")
        {
            throw new MediaFetchException(e.Code, e.Message);
        }
    }

    public InboundBatch Parse(ChannelContext channel, string body) => InstagramWebhookParser.Parse(channel.Id, channel.ExternalId, body);
}
