using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Omni.Channels.Providers.Telegram;

/// <summary>The bot token (<c>&lt;bot id&gt;:&lt;secret&gt;</c>) travels in every Bot API URL's path, so it
/// must never reach a log line or an error text: <see cref="Scrub"/> anything that might carry it.</summary>
internal static partial class TelegramBotToken
{
    public const string Credential = "bot_token";

    /// <summary>Our secret for Telegram's <c>X-Telegram-Bot-Api-Secret-Token</c> header (generated, sealed, never shown).</summary>
    public const string WebhookSecret = Domain.ChannelCredentials.GeneratedPrefix + "webhook_secret";

    /// <summary>Refuses anything that could change the URL it is put in (a <c>/</c>, <c>?</c> or <c>#</c>).</summary>
    public static bool IsWellFormed(string? token) => token is not null && Pattern().IsMatch(token);

    /// <summary>The bot's id: the token's numeric part (the id <c>getMe</c> reports).</summary>
    public static string? BotId(string? token) => IsWellFormed(token) ? token![..token!.IndexOf(':')] : null;

    public static string Scrub(string text, string token) =>
        string.IsNullOrEmpty(token) ? text : text.Replace(token, "<bot token>", StringComparison.Ordinal);

    /// <summary>256 random bits in Telegram's allowed alphabet (A-Z a-z 0-9 _ -), 43 characters.</summary>
    public static string NewWebhookSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"^\d{1,20}:[A-Za-z0-9_-]{8,200}$")]
    private static partial Regex Pattern();
}
