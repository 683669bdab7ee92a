using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Omni.Platform.Auth;

/// <summary>The outcome of checking an access token: its claims, or why it was refused.</summary>
public sealed record JwtValidation(bool Valid, string? Error, Guid UserId, string? Email, string? ClaimsJson, long ExpiresAt = 0)
{
    public static JwtValidation Fail(string error) => new(false, error, Guid.Empty, null, null);
}

/// <summary>Verifies Supabase access tokens following RFC 8725: the algorithm comes from an allow-list and
/// must agree with the key's own type (an HS256 token is only ever checked with the HMAC secret, so a
/// public key can never be used as an HMAC secret); <c>none</c> is never accepted; <c>exp</c> is required
/// and <c>nbf</c> honoured with a bounded leeway; <c>aud</c> must be <c>authenticated</c>; <c>iss</c> is
/// checked when configured; critical headers we do not understand are refused.</summary>
public sealed class JwtValidator(AuthSettings settings, JsonWebKeyStore keys, TimeProvider clock)
{
    private const int MaxTokenLength = 16 * 1024;
    private const int MaxRemembered = 20_000;

    // A client sends the same token with every request until it expires: a token that passed every check is
    // remembered (by its exact text) until its exp, so the next requests skip parsing and signature checks.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JwtValidation> _verified = new(StringComparer.Ordinal);

    public async Task<JwtValidation> ValidateAsync(string token, CancellationToken ct)
    {
        if (token.Length > MaxTokenLength) return JwtValidation.Fail("token too large");
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (_verified.TryGetValue(token, out var known))
        {
            if (now <= known.ExpiresAt + (long)settings.ClockSkew.TotalSeconds) return known;
            _verified.TryRemove(token, out _);
        }

        var result = await VerifyAsync(token, ct);
        if (result.Valid)
        {
            if (_verified.Count >= MaxRemembered) _verified.Clear();
            _verified[token] = result;
        }
        return result;
    }

    private async Task<JwtValidation> VerifyAsync(string token, CancellationToken ct)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return JwtValidation.Fail("malformed token");

        byte[] headerBytes, payloadBytes, signature;
        try
        {
            headerBytes = Base64Url.DecodeFromChars(parts[0]);
            payloadBytes = Base64Url.DecodeFromChars(parts[1]);
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return JwtValidation.Fail("malformed token");
        }

        string alg;
        string? kid;
        try
        {
            using var header = JsonDocument.Parse(headerBytes);
            var h = header.RootElement;
            if (h.ValueKind != JsonValueKind.Object) return JwtValidation.Fail("malformed token header");
            alg = h.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
            kid = h.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (h.TryGetProperty("typ", out var typ) && (typ.ValueKind != JsonValueKind.String
                || !(string.Equals(typ.GetString(), "JWT", StringComparison.OrdinalIgnoreCase)
                     || string.Equals(typ.GetString(), "at+jwt", StringComparison.OrdinalIgnoreCase))))
                return JwtValidation.Fail("unexpected token type");
            if (h.TryGetProperty("crit", out _)) return JwtValidation.Fail("unsupported critical header");
        }
        catch (JsonException)
        {
            return JwtValidation.Fail("malformed token header");
        }

        if (!settings.Algorithms.Contains(alg)) return JwtValidation.Fail($"algorithm '{alg}' is not accepted");

        var signed = Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1]));
        var verified = alg switch
        {
            "HS256" => settings.HmacSecret is { } secret
                && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, signed), signature),
            "ES256" or "RS256" => kid is not null && await VerifyAsymmetricAsync(alg, kid, signed, signature, ct),
            _ => false,
        };
        if (!verified) return JwtValidation.Fail("invalid signature");

        return CheckClaims(payloadBytes);
    }

    private async Task<bool> VerifyAsymmetricAsync(string alg, string kid, byte[] signed, byte[] signature, CancellationToken ct)
    {
        var key = await keys.FindAsync(kid, ct);
        if (key is null || key.Algorithm != alg) return false;
        return alg == "ES256"
            ? signature.Length == 64 && key.EcKey!.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : key.RsaKey!.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private JwtValidation CheckClaims(byte[] payloadBytes)
    {
        try
        {
            using var payload = JsonDocument.Parse(payloadBytes);
            var p = payload.RootElement;
            if (p.ValueKind != JsonValueKind.Object) return JwtValidation.Fail("malformed token payload");

            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var skew = (long)settings.ClockSkew.TotalSeconds;
            if (!p.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number) return JwtValidation.Fail("token has no expiry");
            if (now > exp.GetDouble() + skew) return JwtValidation.Fail("token expired");
            if (p.TryGetProperty("nbf", out var nbf))
            {
                if (nbf.ValueKind != JsonValueKind.Number) return JwtValidation.Fail("malformed nbf");
                if (now < nbf.GetDouble() - skew) return JwtValidation.Fail("token not yet valid");
            }
            if (!HasAudience(p)) return JwtValidation.Fail("wrong audience");
            if (settings.Issuer is { } iss
                && !(p.TryGetProperty("iss", out var i) && i.ValueKind == JsonValueKind.String && i.GetString() == iss))
                return JwtValidation.Fail("wrong issuer");
            if (p.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() != AuthSettings.Audience)
                return JwtValidation.Fail("token role is not a signed-in user");
            if (!p.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || !Guid.TryParse(sub.GetString(), out var userId))
                return JwtValidation.Fail("token has no user id");

            var email = p.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return new JwtValidation(true, null, userId, string.IsNullOrEmpty(email) ? null : email, Encoding.UTF8.GetString(payloadBytes), (long)exp.GetDouble());
        }
        catch (JsonException)
        {
            return JwtValidation.Fail("malformed token payload");
        }
    }

    private static bool HasAudience(JsonElement p)
    {
        if (!p.TryGetProperty("aud", out var aud)) return false;
        if (aud.ValueKind == JsonValueKind.String) return aud.GetString() == AuthSettings.Audience;
        return aud.ValueKind == JsonValueKind.Array
            && aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == AuthSettings.Audience);
    }
}
