using System.Text.Json;
using Omni.Channels.Domain;
using Omni.Platform.Http;
using Omni.Platform.Security;

namespace Omni.Channels;

/// <summary>A channel as clients see it: credentials masked (<c>••••abcd</c>), never in clear.</summary>
internal sealed record ChannelResponse(
    Guid Id,
    string Type,
    string Name,
    string Status,
    bool IngestOnly,
    RawJson<Dictionary<string, string>> Settings,
    IReadOnlyDictionary<string, string> Credentials,
    string? WebhookUrl,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ChannelResponse From(Channel c, SecretBox box, string? webhookUrl) => new(
        c.Id, c.Type, c.Name, c.Status, c.IngestOnly, new RawJson<Dictionary<string, string>>(c.Settings),
        ChannelCredentials.Masked(ChannelCredentials.Open(box, c.Id, c.SealedCredentials)),
        webhookUrl, c.LastError, c.LastErrorAt, c.CreatedAt, c.UpdatedAt);

    internal static string SettingsJson(IEnumerable<KeyValuePair<string, string>> settings) =>
        JsonSerializer.Serialize(settings.ToDictionary(kv => kv.Key, kv => kv.Value));
}
