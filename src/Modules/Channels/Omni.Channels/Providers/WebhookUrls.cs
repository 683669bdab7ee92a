using Omni.Channels.Contracts;
using Omni.Channels.Domain;

namespace Omni.Channels.Providers;

/// <summary>The webhook URL each platform must be given (shown with the channel; Telegram's is registered
/// automatically), from <c>Omni:PublicBaseUrl</c>.</summary>
internal static class WebhookUrls
{
    public static Uri? For(Channel channel, ProviderSettings settings) => channel.Type switch
    {
        ChannelTypes.WhatsApp => settings.WebhookUrl("webhooks/whatsapp"),
        ChannelTypes.Instagram => settings.WebhookUrl("webhooks/instagram"),
        ChannelTypes.Telegram => settings.WebhookUrl($"webhooks/telegram/{channel.Id}"),
        _ => null,
    };
}
