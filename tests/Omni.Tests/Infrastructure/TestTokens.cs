using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Omni.Tests.Infrastructure;

/// <summary>Access tokens shaped like Supabase's, built here independently of the code under test so the
/// tests can also build the broken and hostile ones.</summary>
public static class TestTokens
{
    public const string Secret = "omni-test-jwt-secret-0123456789-abcdefghijklmnop";

    /// <param name="emailVerified">As Supabase Auth says it in <c>user_metadata.email_verified</c>.</param>
    public static JsonObject Claims(Guid userId, string email, TimeSpan? lifetime = null, bool emailVerified = true)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["sub"] = userId.ToString(),
            ["email"] = email,
            ["user_metadata"] = new JsonObject { ["email"] = email, ["email_verified"] = emailVerified },
            ["aud"] = "authenticated",
            ["role"] = "authenticated",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime ?? TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        };
    }

    public static string Hs256(JsonObject payload, string secret = Secret, JsonObject? header = null) =>
        Sign(header ?? new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }, payload,
            input => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), input));

    public static string Hs256WithKeyBytes(JsonObject payload, byte[] key, JsonObject header) =>
        Sign(header, payload, input => HMACSHA256.HashData(key, input));

    public static string Es256(JsonObject payload, ECDsa key, string kid) =>
        Sign(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = kid }, payload,
            input => key.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static string Rs256(JsonObject payload, RSA key, string kid) =>
        Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = kid }, payload,
            input => key.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Unsigned(JsonObject payload) =>
        Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + "." + Encode(payload) + ".";

    public static string Sign(JsonObject header, JsonObject payload, Func<byte[], byte[]> signer)
    {
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(signer(Encoding.ASCII.GetBytes(input)));
    }

    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
