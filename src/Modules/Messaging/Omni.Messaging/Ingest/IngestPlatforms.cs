using System.Text.RegularExpressions;
using Omni.Contacts.Contracts;

namespace Omni.Messaging.Ingest;

/// <summary>The platforms the messaging-ingest contract names, and how a participant of each is known to
/// Contacts and to the connection's channel.</summary>
internal static partial class IngestPlatforms
{
    public static readonly IReadOnlyList<string> All = ["whatsapp", "signal", "telegram", "wechat"];

    public static bool IsKnown(string? platform) => platform is not null && All.Contains(platform);

    /// <summary>The Contacts identifier for a participant: WhatsApp and Signal numbers are phone-like (matched
    /// exactly, then on the last 10 digits), Telegram a username or numeric id, WeChat an opaque id. A bare
    /// Telegram username (<c>johndoe</c>) is taken as <c>@johndoe</c>.</summary>
    public static ContactIdentifier IdentifierFor(string platform, string participant)
    {
        var value = participant.Trim();
        return platform switch
        {
            "whatsapp" => new ContactIdentifier(ContactIdentifierTypes.WhatsApp, value),
            "signal" => new ContactIdentifier(ContactIdentifierTypes.Signal, value),
            "telegram" => new ContactIdentifier(ContactIdentifierTypes.Telegram, BareTelegramUsername().IsMatch(value) ? "@" + value : value),
            "wechat" => new ContactIdentifier(ContactIdentifierTypes.WeChat, value),
            _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "not an ingest platform"),
        };
    }

    /// <summary>The participant's id on the channel (its contact inbox): digits for phone numbers, so that
    /// <c>+55 11 98765-4321</c> and <c>5511987654321</c> are one inbox; lower-case Telegram usernames.</summary>
    public static string SourceIdFor(ContactIdentifier identifier) => identifier.Type switch
    {
        ContactIdentifierTypes.WhatsApp or ContactIdentifierTypes.Signal => new string(identifier.Value.Where(char.IsAsciiDigit).ToArray()).TrimStart('0'),
        ContactIdentifierTypes.Telegram => identifier.Value.ToLowerInvariant(),
        _ => identifier.Value,
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{4,31}$")]
    private static partial Regex BareTelegramUsername();
}
