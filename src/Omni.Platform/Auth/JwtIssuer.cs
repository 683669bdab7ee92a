using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Omni.Platform.Auth;

/// <summary>Mints HS256 access tokens shaped like Supabase's, for local use (the <c>dev-token</c> verb).</summary>
public static class JwtIssuer
{
    public static string MintHs256(byte[] secret, Guid userId, string? email, string? issuer, TimeSpan lifetime, DateTimeOffset now)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["sub"] = userId.ToString(),
            ["aud"] = AuthSettings.Audience,
            ["role"] = AuthSettings.Audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
        };
        if (email is not null)
        {
            payload["email"] = email;
            // Whoever can run dev-token controls the local secret: its emails count as verified.
            payload["user_metadata"] = new JsonObject { ["email"] = email, ["email_verified"] = true };
        }
        if (issuer is not null) payload["iss"] = issuer;
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The same email always gets the same local user id.</summary>
    public static Guid UserIdForEmail(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("omni-local-user:" + email.Trim().ToLowerInvariant()));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static string Encode(JsonObject o) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(o.ToJsonString()));
}
