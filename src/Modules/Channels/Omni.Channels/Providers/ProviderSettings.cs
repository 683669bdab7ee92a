using Microsoft.Extensions.Configuration;

namespace Omni.Channels.Providers;

/// <summary>Where the platforms are (<c>Omni:Providers:{WhatsApp,Telegram,Instagram}:BaseUrl</c>; tests point
/// them at local fakes) and where our webhooks are reachable from outside (<c>Omni:PublicBaseUrl</c>).</summary>
internal sealed class ProviderSettings
{
    public Uri WhatsAppBaseUrl { get; init; } = new("https://graph.facebook.com/v23.0/");
    public Uri TelegramBaseUrl { get; init; } = new("https://api.telegram.org/");
    public Uri InstagramBaseUrl { get; init; } = new("https://graph.instagram.com/v23.0/");
    public Uri? PublicBaseUrl { get; init; }

    public static ProviderSettings From(IConfiguration config)
    {
        static Uri WithSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
        var defaults = new ProviderSettings();
        return new ProviderSettings
        {
            WhatsAppBaseUrl = config["Omni:Providers:WhatsApp:BaseUrl"] is { Length: > 0 } wa ? WithSlash(wa) : defaults.WhatsAppBaseUrl,
            TelegramBaseUrl = config["Omni:Providers:Telegram:BaseUrl"] is { Length: > 0 } tg ? WithSlash(tg) : defaults.TelegramBaseUrl,
            InstagramBaseUrl = config["Omni:Providers:Instagram:BaseUrl"] is { Length: > 0 } ig ? WithSlash(ig) : defaults.InstagramBaseUrl,
            PublicBaseUrl = config["Omni:PublicBaseUrl"] is { Length: > 0 } pub ? WithSlash(pub) : null,
        };
    }

    public Uri? WebhookUrl(string relative) => PublicBaseUrl is null ? null : new Uri(PublicBaseUrl, relative);
}
