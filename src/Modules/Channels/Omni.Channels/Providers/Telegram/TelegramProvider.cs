using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Channels.Contracts;
using Omni.Messaging.Contracts;

namespace Omni.Channels.Providers.Telegram;

/// <summary>Telegram bots through the Bot API. A channel is one bot (credential <c>bot_token</c>); connecting
/// checks the token with <c>getMe</c> and registers our webhook with <c>setWebhook</c> and a secret token
/// we make and keep sealed. Webhooks are routed by the channel id in their URL; the bot's id is the
/// channel's external id only so that one bot cannot be connected twice (each connection would take the
/// other's webhook). Telegram has no customer-service window, no templates and no delivery receipts.</summary>
internal sealed class TelegramProvider(TelegramClient client, TelegramSender sender, TelegramFiles files) : IChannelProvider
{
    private const long Mb = 1024 * 1024;

    public string Type => ChannelTypes.Telegram;

    /// <summary>Media goes by URL (Telegram fetches it: photos up to 5 MB, other media up to 20 MB), except
    /// documents, which Telegram fetches only as PDF, GIF or ZIP: those we fetch and upload (up to 50 MB).</summary>
    public ChannelCapabilities Capabilities { get; } = new(
        true, ["text", "image", "audio", "video", "file"],
        new Dictionary<string, long> { ["image"] = 5 * Mb, ["audio"] = 20 * Mb, ["video"] = 20 * Mb, ["file"] = TelegramSender.MaxUploadBytes },
        SupportsTemplates: false, CustomerServiceWindow: null);

    public IReadOnlyList<string> RequiredCredentials { get; } = [TelegramBotToken.Credential];

    public string? ExternalIdFrom(IReadOnlyDictionary<string, string> credentials) =>
        TelegramBotToken.BotId(credentials.GetValueOrDefault(TelegramBotToken.Credential));

    public IReadOnlyDictionary<string, string> PublicSettings(IReadOnlyDictionary<string, string> credentials) =>
        TelegramBotToken.BotId(credentials.GetValueOrDefault(TelegramBotToken.Credential)) is { } id
            ? new Dictionary<string, string> { ["bot_id"] = id }
            : new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> GenerateSecrets(IReadOnlyDictionary<string, string> credentials) =>
        credentials.ContainsKey(TelegramBotToken.WebhookSecret)
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [TelegramBotToken.WebhookSecret] = TelegramBotToken.NewWebhookSecret() };

    public async Task<IReadOnlyDictionary<string, string>> ConnectAsync(ChannelContext channel, Uri? webhookUrl, CancellationToken ct)
    {
        var token = channel.Credentials.GetValueOrDefault(TelegramBotToken.Credential);
        if (!TelegramBotToken.IsWellFormed(token))
            throw new ChannelConnectException(true, "bot_token is not a Telegram bot token (BotFather gives them as <bot id>:<secret>, e.g. 123456789:AAH...).");

        var me = await client.CallAsync(token!, "getMe", [], ct);
        if (me.TokenRejected) throw new ChannelConnectException(true, $"Telegram refused the bot token: {me.Description}");
        if (!me.Ok) throw new ChannelConnectException(false, $"Telegram did not confirm the bot: {me.Description}");
        if (me.Result.ValueKind != JsonValueKind.Object || !me.Result.TryGetProperty("id", out var id) || !id.TryGetInt64(out var botId))
            throw new ChannelConnectException(false, "Telegram answered getMe without the bot's id.");
        var learned = new Dictionary<string, string> { ["bot_id"] = botId.ToString(CultureInfo.InvariantCulture) };
        if (me.Result.TryGetProperty("username", out var username) && username.ValueKind == JsonValueKind.String) learned["username"] = username.GetString()!;

        if (webhookUrl is null)
            throw new ChannelConnectException(false,
                "Omni:PublicBaseUrl is not configured, so there is no public address to give Telegram for this bot's webhook. " +
                "Set it to the API's public https base URL and reconnect the channel.");
        var set = await client.CallAsync(token!, "setWebhook", new JsonObject
        {
            ["url"] = webhookUrl.ToString(),
            ["secret_token"] = channel.Credential(TelegramBotToken.WebhookSecret),
            ["allowed_updates"] = new JsonArray("message", "edited_message"),
            ["drop_pending_updates"] = false,
        }, ct);
        if (set.TokenRejected) throw new ChannelConnectException(true, $"Telegram refused the bot token: {set.Description}");
        if (!set.Ok) throw new ChannelConnectException(false, $"Telegram did not register the webhook {webhookUrl}: {set.Description}");
        return learned;
    }

    /// <summary>Removes our webhook (<c>deleteWebhook</c>), so the bot's updates stop coming to a channel that
    /// is gone and the bot can be used elsewhere (another webhook, or getUpdates).</summary>
    public async Task<string?> DisconnectAsync(ChannelContext channel, CancellationToken ct)
    {
        var token = channel.Credentials.GetValueOrDefault(TelegramBotToken.Credential);
        if (!TelegramBotToken.IsWellFormed(token)) return "no bot token";
        var answer = await client.CallAsync(token!, "deleteWebhook", new JsonObject { ["drop_pending_updates"] = false }, ct);
        return answer.Ok ? null : answer.Description ?? "Telegram did not confirm";
    }

    public Task<SendOutcome> SendAsync(ChannelContext channel, OutboundMessage message, CancellationToken ct) => sender.SendAsync(channel, message, ct);

    public Task<MediaContent> DownloadMediaAsync(ChannelContext channel, string mediaRef, long maxBytes, CancellationToken ct) =>
        files.DownloadAsync(channel, mediaRef, maxBytes, ct);

    public InboundBatch Parse(ChannelContext channel, string body) => TelegramUpdates.Read(channel.Id, body);
}
