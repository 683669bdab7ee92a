namespace Omni.Contacts.Contracts;

/// <summary>One way to reach or recognise a contact: <c>phone</c>, <c>email</c>, <c>whatsapp</c>,
/// <c>telegram</c>, <c>instagram</c>, <c>signal</c>, <c>wechat</c> or <c>external</c> (an id from another system).</summary>
public sealed record ContactIdentifier(string Type, string Value);

public static class ContactIdentifierTypes
{
    public const string Phone = "phone";
    public const string Email = "email";
    public const string WhatsApp = "whatsapp";
    public const string Telegram = "telegram";
    public const string Instagram = "instagram";
    public const string Signal = "signal";
    public const string WeChat = "wechat";
    public const string External = "external";

    public static readonly IReadOnlyList<string> All = [Phone, Email, WhatsApp, Telegram, Instagram, Signal, WeChat, External];

    /// <summary>Types whose value is a phone number (normalized to E.164, matched on the last 10 digits).</summary>
    public static readonly IReadOnlyList<string> PhoneLike = [Phone, WhatsApp, Signal];
}
