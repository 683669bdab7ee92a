using System.Security.Cryptography;
using System.Text;

namespace Omni.Tracking.Sources;

/// <summary>Write keys are public (they ship in the page) and only let a browser add events to its source;
/// GTM secrets are shown once and kept as SHA-256.</summary>
internal static class SourceKeys
{
    public const string WriteKeyPrefix = "omni_wk_";
    public const string GtmSecretPrefix = "omni_gtm_";

    public static string NewWriteKey() => WriteKeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewGtmSecret() => GtmSecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
