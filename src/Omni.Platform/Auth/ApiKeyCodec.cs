using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Omni.Platform.Auth;

/// <summary>Org API keys: <c>omni_sk_</c> followed by 32 random bytes. Only their SHA-256 is stored (the
/// keys carry 256 bits of entropy, so a slow password hash adds nothing); the first characters are kept
/// as a display prefix so people can tell their keys apart.</summary>
public static class ApiKeyCodec
{
    public const string Prefix = "omni_sk_";
    private const int DisplayLength = 12;

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeKey(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string DisplayPrefix(string key) => key[..Math.Min(DisplayLength, key.Length)];
}
