using System.Text.Json;
using Omni.Platform.Security;

namespace Omni.Channels.Domain;

/// <summary>A channel's credentials, sealed as one JSON object with the secret box and bound to the channel
/// (a sealed value copied to another channel does not open). Shown only masked; secrets a provider made
/// for itself (named with <see cref="GeneratedPrefix"/>) are not shown at all.</summary>
internal static class ChannelCredentials
{
    public const string GeneratedPrefix = "_";

    public static string Seal(SecretBox box, Guid channelId, IReadOnlyDictionary<string, string> credentials) =>
        box.Seal(JsonSerializer.Serialize(credentials), Context(channelId));

    public static IReadOnlyDictionary<string, string> Open(SecretBox box, Guid channelId, string? sealedValue) =>
        string.IsNullOrEmpty(sealedValue)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(box.Open(sealedValue, Context(channelId))) ?? [];

    public static IReadOnlyDictionary<string, string> Masked(IReadOnlyDictionary<string, string> credentials) =>
        credentials.Where(kv => !kv.Key.StartsWith(GeneratedPrefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => SecretBox.Mask(kv.Value));

    private static string Context(Guid channelId) => $"channel:{channelId}:credentials";
}
