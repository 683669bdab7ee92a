using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Omni.Messaging.Ingest.Connections;

/// <summary>A connection's API secret (the contract's <c>x-api-key</c>): <c>omni_is_</c> and 32 random
/// bytes, shown once; only its SHA-256 is stored (256 bits of entropy need no slow hash), with the first
/// characters kept so people can tell secrets apart. Compared in constant time.</summary>
internal static class ConnectionSecrets
{
    public const string Prefix = "omni_is_";
    private const int DisplayLength = 12;

    public static string NewSecret() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string DisplayPrefix(string secret) => secret[..Math.Min(DisplayLength, secret.Length)];

    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);

    /// <summary>A connection id when the caller chose none, e.g. <c>whatsapp_3f9c0a1b2c3d4e5f6a7b</c>.</summary>
    public static string NewConnectionId(string platform) => $"{platform}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))}";
}
