using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Omni.Tests.Infrastructure;

/// <summary>Supabase Auth's JWKS endpoint on 127.0.0.1: serves <c>/auth/v1/.well-known/jwks.json</c> in
/// Supabase's format from an ECDsa P-256 and an RSA-2048 key made here, lets a test publish, withdraw or
/// break keys while the API runs, and counts how often the JWKS was fetched.</summary>
public sealed class FakeSupabaseAuth : IAsyncDisposable
{
    public const string JwksPath = "/auth/v1/.well-known/jwks.json";

    private readonly ConcurrentDictionary<string, SigningKey> _published = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _fetches;
    private volatile int _failWith;

    private FakeSupabaseAuth()
    {
        Ec = SigningKey.NewEc();
        Rsa = SigningKey.NewRsa();
        Publish(Ec);
        Publish(Rsa);
    }

    /// <summary>What the API gets as <c>SUPABASE_URL</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The <c>iss</c> Supabase puts in its access tokens.</summary>
    public string Issuer => BaseUrl + "/auth/v1";

    /// <summary>The project's ES256 signing key, published from the start.</summary>
    public SigningKey Ec { get; }

    /// <summary>The project's RS256 signing key, published from the start.</summary>
    public SigningKey Rsa { get; }

    /// <summary>How many GETs of the JWKS this server answered (failed ones included).</summary>
    public int JwksFetches => Volatile.Read(ref _fetches);

    public static async Task<FakeSupabaseAuth> StartAsync()
    {
        var fake = new FakeSupabaseAuth();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet(JwksPath, fake.ServeJwks);
        await app.StartAsync();
        fake._app = app;
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Starts the real API against the shared test database, trusting this fake's keys (and the
    /// test HS256 secret), optionally on <paramref name="clock"/>.</summary>
    public async Task<TestApi> StartApiAsync(TimeProvider? clock = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["SUPABASE_URL"] = BaseUrl };
        return await TestApi.StartAsync(await TestDatabase.Shared, all,
            services =>
            {
                if (clock is not null) services.AddSingleton(clock);
            });
    }

    /// <summary>Adds a key to the JWKS (key rotation: the new key appears next to the old ones).</summary>
    public void Publish(SigningKey key) => _published[key.Kid] = key;

    public void Withdraw(SigningKey key) => _published.TryRemove(key.Kid, out _);

    /// <summary>From now on the JWKS endpoint answers <paramref name="status"/> (0: serve the keys again).</summary>
    public void FailWith(int status) => _failWith = status;

    /// <summary>Claims shaped like a Supabase access token issued by this project.</summary>
    public JsonObject Claims(Guid? userId = null, string? email = null, TimeSpan? lifetime = null)
    {
        var id = userId ?? Guid.NewGuid();
        var claims = TestTokens.Claims(id, email ?? $"user-{id:N}@example.com", lifetime);
        claims["iss"] = Issuer;
        claims["session_id"] = Guid.NewGuid().ToString();
        claims["is_anonymous"] = false;
        return claims;
    }

    private IResult ServeJwks(HttpContext http)
    {
        Interlocked.Increment(ref _fetches);
        if (_failWith is var status and > 0)
        {
            http.Response.Headers.RetryAfter = "0";
            return Results.Json(new JsonObject { ["code"] = status, ["msg"] = "unavailable" }, statusCode: status);
        }
        var keys = new JsonArray();
        foreach (var key in _published.Values) keys.Add(key.ToJwk());
        return Results.Text(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>An asymmetric signing key with its <c>kid</c>; signs tokens the way Supabase Auth does.</summary>
    public sealed class SigningKey
    {
        private SigningKey(string kid, ECDsa? ec, RSA? rsa)
        {
            Kid = kid;
            EcKey = ec;
            RsaKey = rsa;
        }

        public string Kid { get; }
        public ECDsa? EcKey { get; }
        public RSA? RsaKey { get; }
        public string Algorithm => EcKey is not null ? "ES256" : "RS256";

        public static SigningKey NewEc(string? kid = null) =>
            new(kid ?? Guid.NewGuid().ToString(), ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

        public static SigningKey NewRsa(string? kid = null) => new(kid ?? Guid.NewGuid().ToString(), null, RSA.Create(2048));

        /// <summary>A token signed by this key, its header naming <paramref name="kid"/> (this key's by default).</summary>
        public string Sign(JsonObject payload, string? kid = null) =>
            EcKey is not null ? TestTokens.Es256(payload, EcKey, kid ?? Kid) : TestTokens.Rs256(payload, RsaKey!, kid ?? Kid);

        public JsonObject ToJwk()
        {
            if (EcKey is not null)
            {
                var p = EcKey.ExportParameters(includePrivateParameters: false);
                return new JsonObject
                {
                    ["kty"] = "EC", ["crv"] = "P-256",
                    ["x"] = Base64Url.EncodeToString(p.Q.X), ["y"] = Base64Url.EncodeToString(p.Q.Y),
                    ["kid"] = Kid, ["alg"] = "ES256", ["use"] = "sig", ["key_ops"] = new JsonArray("verify"), ["ext"] = true,
                };
            }
            var r = RsaKey!.ExportParameters(includePrivateParameters: false);
            return new JsonObject
            {
                ["kty"] = "RSA",
                ["n"] = Base64Url.EncodeToString(r.Modulus), ["e"] = Base64Url.EncodeToString(r.Exponent),
                ["kid"] = Kid, ["alg"] = "RS256", ["use"] = "sig", ["key_ops"] = new JsonArray("verify"), ["ext"] = true,
            };
        }
    }
}
