using Microsoft.Extensions.Logging;
using Omni.Channels.Contracts;
using Omni.Messaging.Contracts;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>WhatsApp through Meta's Cloud API: one channel per business phone number, routed by its
/// <c>phone_number_id</c>. Free-form messages only within 24 hours of the contact's last message; templates
/// at any time.</summary>
internal sealed class WhatsAppProvider(WhatsAppClient graph, WhatsAppMedia media, ILogger<WhatsAppProvider> log) : IChannelProvider
{
    private const long MB = 1024 * 1024;

    public string Type => ChannelTypes.WhatsApp;

    /// <summary>Media limits are the Cloud API's: images 5 MB, audio and video 16 MB, documents 100 MB.</summary>
    public ChannelCapabilities Capabilities { get; } = new(
        CanSend: true,
        MessageTypes: ["text", "image", "audio", "video", "file", "template"],
        MaxMediaBytes: new Dictionary<string, long> { ["image"] = 5 * MB, ["audio"] = 16 * MB, ["video"] = 16 * MB, ["file"] = 100 * MB },
        SupportsTemplates: true,
        CustomerServiceWindow: TimeSpan.FromHours(24));

    public IReadOnlyList<string> RequiredCredentials => WhatsAppCredentials.All;

    public string? ExternalIdFrom(IReadOnlyDictionary<string, string> credentials) =>
        credentials.TryGetValue(WhatsAppCredentials.PhoneNumberId, out var id) ? id.Trim() : null;

    public IReadOnlyDictionary<string, string> PublicSettings(IReadOnlyDictionary<string, string> credentials)
    {
        var settings = new Dictionary<string, string>();
        foreach (var key in new[] { WhatsAppCredentials.PhoneNumberId, WhatsAppCredentials.BusinessAccountId })
            if (credentials.TryGetValue(key, out var value)) settings[key] = value;
        return settings;
    }

    /// <summary>Asks the Graph API for the phone number with the channel's token: a refused token or an
    /// unknown number id is a refusal of the credentials; anything else (outage, throttling) leaves the
    /// channel to be reconnected. Learns the number as displayed and its verified name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ConnectAsync(ChannelContext channel, Uri? webhookUrl, CancellationToken ct)
    {
        var phoneNumberId = channel.Credential(WhatsAppCredentials.PhoneNumberId);
        GraphResponse response;
        try
        {
            response = await graph.GetAsync($"{Uri.EscapeDataString(phoneNumberId)}?fields=display_phone_number,verified_name",
                channel.Credential(WhatsAppCredentials.AccessToken), ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new ChannelConnectException(false, $"WhatsApp could not be reached: {e.Message}");
        }

        if (!response.IsSuccess)
        {
            var code = response.Error?.Code;
            var refused = code is { } c && (WhatsAppErrors.IsCredentialProblem(c) || c == 100) || response.Status is 401 or 403;
            throw new ChannelConnectException(refused, refused
                ? $"WhatsApp refused the credentials: {response.Describe()}"
                : $"WhatsApp could not check the credentials now: {response.Describe()}");
        }

        var learned = new Dictionary<string, string>();
        if (response.String("display_phone_number") is { Length: > 0 } display) learned["display_phone_number"] = display;
        if (response.String("verified_name") is { Length: > 0 } name) learned["verified_name"] = name;
        return learned;
    }

    public async Task<SendOutcome> SendAsync(ChannelContext channel, OutboundMessage message, CancellationToken ct)
    {
        // A file we hold goes up to WhatsApp first and is sent by the id it gets there.
        string? uploaded = null;
        if (message.Media is { Content: { } content } file && message.Type is "image" or "audio" or "video" or "file")
        {
            GraphResponse upload;
            try
            {
                upload = await graph.UploadMediaAsync(channel.Credential(WhatsAppCredentials.PhoneNumberId), channel.Credential(WhatsAppCredentials.AccessToken),
                    content, file.MimeType ?? "application/octet-stream", file.FileName ?? message.Type, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                log.LogWarning("WhatsApp media upload for message {MessageId} on channel {ChannelId} failed below HTTP: {Error}", message.MessageId, channel.Id, e.Message);
                return WhatsAppErrors.ToOutcome(e);
            }
            if (!upload.IsSuccess) return WhatsAppErrors.ToOutcome(upload);
            uploaded = upload.Body.ValueKind == System.Text.Json.JsonValueKind.Object && upload.Body.TryGetProperty("id", out var mediaId) ? mediaId.GetString() : null;
            if (string.IsNullOrEmpty(uploaded))
                return new SendOutcome(SendOutcomeKind.Unavailable, ErrorCode: "whatsapp_upload_failed", ErrorText: "WhatsApp accepted the media upload without a media id.");
        }

        string body;
        try
        {
            body = WhatsAppOutbound.Build(message, uploaded).ToJsonString();
        }
        catch (NotSupportedException e)
        {
            return new SendOutcome(SendOutcomeKind.Rejected, ErrorCode: "whatsapp_unsupported_content", ErrorText: e.Message);
        }

        GraphResponse response;
        try
        {
            response = await graph.PostJsonAsync($"{Uri.EscapeDataString(channel.Credential(WhatsAppCredentials.PhoneNumberId))}/messages",
                channel.Credential(WhatsAppCredentials.AccessToken), body, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("WhatsApp send of message {MessageId} on channel {ChannelId} failed below HTTP: {Error}", message.MessageId, channel.Id, e.Message);
            return WhatsAppErrors.ToOutcome(e);
        }

        if (response.IsSuccess)
        {
            var wamid = response.Body.TryGetProperty("messages", out var sent) && sent.ValueKind == System.Text.Json.JsonValueKind.Array
                && sent.GetArrayLength() > 0 && sent[0].TryGetProperty("id", out var id) ? id.GetString() : null;
            if (!string.IsNullOrEmpty(wamid)) return SendOutcome.Sent(wamid);
            // Accepted without an id: it went out, but no receipt can ever be matched to it.
            log.LogWarning("WhatsApp accepted message {MessageId} without an id (x-fb-trace-id {TraceId})", message.MessageId, response.TraceId);
            return SendOutcome.Sent($"whatsapp:unknown:{message.MessageId:N}");
        }
        return WhatsAppErrors.ToOutcome(response);
    }

    public Task<MediaContent> DownloadMediaAsync(ChannelContext channel, string mediaRef, long maxBytes, CancellationToken ct) =>
        media.DownloadAsync(channel, mediaRef, maxBytes, ct);

    public InboundBatch Parse(ChannelContext channel, string body) => WhatsAppWebhookParser.Parse(channel, body, log);
}
