using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Omni.Platform.Auth;

/// <summary>The Supabase project's signing keys from its JWKS endpoint: cached for ten minutes and
/// fetched again when a token names a <c>kid</c> we do not know (at most every 30 seconds, so a flood of
/// made-up kids cannot hammer the endpoint, nor can tokens while the endpoint is failing).</summary>
public sealed class JsonWebKeyStore(IHttpClientFactory http, AuthSettings settings, TimeProvider clock, ILogger<JsonWebKeyStore> log) : IDisposable
{
    public const string HttpClientName = "supabase-jwks";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, SigningKey> _keys = new(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _attemptedAt = DateTimeOffset.MinValue;

    public async Task<SigningKey?> FindAsync(string kid, CancellationToken ct)
    {
        if (settings.JwksUri is null) return null;
        var now = clock.GetUtcNow();
        if (now - _fetchedAt < Lifetime && _keys.TryGetValue(kid, out var key)) return key;

        await _gate.WaitAsync(ct);
        try
        {
            now = clock.GetUtcNow();
            if (_keys.TryGetValue(kid, out key) && now - _fetchedAt < Lifetime) return key;
            // Throttled on the last attempt, not the last success: a failing endpoint is not retried per token.
            if (now - _attemptedAt >= MinRefreshInterval)
            {
                _attemptedAt = now;
                try
                {
                    _keys = await FetchAsync(ct);
                    _fetchedAt = now;
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or FormatException or CryptographicException
                                               or Polly.ExecutionRejectedException) // the client's circuit is open, or its timeout hit
                {
                    log.LogWarning("Fetching the JWKS from {Uri} failed: {Error}", settings.JwksUri, e.Message);
                }
            }
            return _keys.GetValueOrDefault(kid);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<Dictionary<string, SigningKey>> FetchAsync(CancellationToken ct)
    {
        using var client = http.CreateClient(HttpClientName);
        var doc = await client.GetFromJsonAsync<JwksDocument>(settings.JwksUri, ct) ?? new JwksDocument();
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var jwk in doc.Keys ?? [])
        {
            if (string.IsNullOrEmpty(jwk.Kid) || (jwk.Use is not null && jwk.Use != "sig")) continue;
            if (jwk.Kty == "EC" && jwk.Crv == "P-256" && jwk.X is not null && jwk.Y is not null)
            {
                var ec = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = Base64Url.DecodeFromChars(jwk.X), Y = Base64Url.DecodeFromChars(jwk.Y) },
                });
                keys[jwk.Kid] = new SigningKey("ES256", ec, null);
            }
            else if (jwk.Kty == "RSA" && jwk.N is not null && jwk.E is not null)
            {
                var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(jwk.N), Exponent = Base64Url.DecodeFromChars(jwk.E) });
                if (rsa.KeySize < 2048) continue;
                keys[jwk.Kid] = new SigningKey("RS256", null, rsa);
            }
        }
        return keys;
    }

    /// <summary>A verification key; <see cref="Algorithm"/> is fixed by the key's type, never by the token.</summary>
    public sealed record SigningKey(string Algorithm, ECDsa? EcKey, RSA? RsaKey);

    private sealed class JwksDocument
    {
        [JsonPropertyName("keys")] public List<Jwk>? Keys { get; set; }
    }

    private sealed class Jwk
    {
        [JsonPropertyName("kty")] public string? Kty { get; set; }
        [JsonPropertyName("kid")] public string? Kid { get; set; }
        [JsonPropertyName("use")] public string? Use { get; set; }
        [JsonPropertyName("crv")] public string? Crv { get; set; }
        [JsonPropertyName("x")] public string? X { get; set; }
        [JsonPropertyName("y")] public string? Y { get; set; }
        [JsonPropertyName("n")] public string? N { get; set; }
        [JsonPropertyName("e")] public string? E { get; set; }
    }
}
