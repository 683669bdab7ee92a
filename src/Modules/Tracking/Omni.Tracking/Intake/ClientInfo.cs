using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Omni.Tracking.Intake;

/// <summary>Who sent the events, kept as the source says: the IP (its last octet, or last 80 bits for IPv6,
/// zeroed when the source anonymizes), the user agent (or none), and whether it is an obvious bot.</summary>
internal static partial class ClientInfo
{
    public static IPAddress? Ip(IPAddress? address, bool anonymize)
    {
        if (address is null) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (!anonymize) return address;
        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        for (var i = keep; i < bytes.Length; i++) bytes[i] = 0;
        return new IPAddress(bytes);
    }

    private const int KnownAgentsLimit = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> KnownAgents = new(StringComparer.Ordinal);

    /// <summary>Browsers send a handful of distinct user agents, so answers are remembered (up to a few thousand).</summary>
    public static bool IsBot(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return true;
        if (KnownAgents.TryGetValue(userAgent, out var known)) return known;
        var bot = BotPattern().IsMatch(userAgent);
        if (KnownAgents.Count >= KnownAgentsLimit) KnownAgents.Clear();
        KnownAgents[userAgent] = bot;
        return bot;
    }

    [GeneratedRegex(@"bot\b|crawl|spider|slurp|headlesschrome|phantomjs|lighthouse|pingdom|uptime|curl/|wget/|python-requests|go-http-client|java/|okhttp|facebookexternalhit|preview",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BotPattern();
}
