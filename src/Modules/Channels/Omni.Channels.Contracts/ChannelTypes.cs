namespace Omni.Channels.Contracts;

public static class ChannelTypes
{
    public const string WhatsApp = "whatsapp";
    public const string Telegram = "telegram";
    public const string Instagram = "instagram";
    public const string WebWidget = "web_widget";
    public const string Signal = "signal";
    public const string WeChat = "wechat";

    public static readonly IReadOnlyList<string> All = [WhatsApp, Telegram, Instagram, WebWidget, Signal, WeChat];

    /// <summary>Types that only receive ingested history (they have no sending provider).</summary>
    public static readonly IReadOnlyList<string> ReceiveOnly = [Signal, WeChat];
}
