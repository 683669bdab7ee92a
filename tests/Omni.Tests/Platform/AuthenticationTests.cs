using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>Access tokens as Supabase Auth issues them (HS256 with the project secret, ES256/RS256 from the
/// project's JWKS), and the hostile ones RFC 8725 warns about, against an API whose SUPABASE_URL is a fake
/// Supabase Auth. Every refusal is a 401 problem with a Bearer challenge.</summary>
public sealed class AuthenticationTests(SupabaseAuthFixture fixture) : IClassFixture<SupabaseAuthFixture>
{
    private FakeSupabaseAuth Auth => fixture.Auth;
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task A_request_without_a_token_is_unauthenticated()
    {
        var response = await GetMeAsync(Api, authorization: null);

        await AssertRefusedAsync(response, "no Authorization header", "unauthenticated");
    }

    [Fact]
    public async Task A_scheme_other_than_bearer_is_refused()
    {
        var valid = Auth.Ec.Sign(Auth.Claims());
        Assert.Equal(HttpStatusCode.OK, (await GetMeAsync(Api, "Bearer " + valid)).StatusCode);

        await AssertRefusedAsync(await GetMeAsync(Api, "Basic " + Convert.ToBase64String("user:pass"u8)), "Basic scheme");
        await AssertRefusedAsync(await GetMeAsync(Api, "Token " + valid), "Token scheme with a valid token");
        await AssertRefusedAsync(await GetMeAsync(Api, "Bearer"), "Bearer without a token");
    }

    [Fact]
    public async Task A_valid_es256_token_from_the_jwks_is_accepted_and_its_user_provisioned()
    {
        var userId = Guid.NewGuid();
        var token = Auth.Ec.Sign(Auth.Claims(userId, "es256@example.com"));

        var me = await AssertAcceptedAsync(Api, token);

        Assert.Equal("user", me.GetProperty("kind").GetString());
        Assert.Equal(userId, me.GetProperty("user_id").GetGuid());
        Assert.Equal("es256@example.com", me.GetProperty("email").GetString());
        await AssertCanCreateAnOrgAsync(Api, token);
    }

    [Fact]
    public async Task A_valid_rs256_token_from_the_jwks_is_accepted_and_its_user_provisioned()
    {
        var userId = Guid.NewGuid();
        var token = Auth.Rsa.Sign(Auth.Claims(userId));

        var me = await AssertAcceptedAsync(Api, token);

        Assert.Equal(userId, me.GetProperty("user_id").GetGuid());
        await AssertCanCreateAnOrgAsync(Api, token);
    }

    [Fact]
    public async Task A_valid_hs256_token_signed_with_the_project_secret_is_still_accepted()
    {
        var userId = Guid.NewGuid();

        var me = await AssertAcceptedAsync(Api, TestTokens.Hs256(Auth.Claims(userId)));

        Assert.Equal(userId, me.GetProperty("user_id").GetGuid());
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var claims = Auth.Claims();

        await AssertTokenRefusedAsync(TestTokens.Unsigned(claims), "alg none, empty signature");
        foreach (var alg in new[] { "none", "None", "NONE", "nOnE" })
        {
            var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
            await AssertTokenRefusedAsync(Raw(header.ToJsonString(), claims.ToJsonString(), ""), $"alg {alg}, empty signature");
            await AssertTokenRefusedAsync(TestTokens.Hs256(claims, header: header), $"alg {alg} with an HMAC signature");
        }
    }

    [Fact]
    public async Task An_hs256_token_signed_with_another_secret_is_refused()
    {
        var claims = Auth.Claims();
        await AssertAcceptedAsync(Api, TestTokens.Hs256(claims));

        await AssertTokenRefusedAsync(TestTokens.Hs256(claims, "another-secret-of-at-least-32-characters!!"), "another secret");
        await AssertTokenRefusedAsync(TestTokens.Hs256(claims, TestTokens.Secret + "x"), "the secret plus one character");
    }

    [Fact]
    public async Task An_hs256_token_keyed_with_a_public_key_from_the_jwks_is_refused()
    {
        // RS/HS confusion: a verifier that takes the algorithm from the token and the key from its kid
        // would check this HMAC with the RSA public key, which anyone can download.
        var claims = Auth.Claims();
        var rsa = Auth.Rsa.RsaKey!;
        var ec = Auth.Ec.EcKey!;
        var secrets = new (string Name, string Kid, byte[] Bytes)[]
        {
            ("RSA SubjectPublicKeyInfo DER", Auth.Rsa.Kid, rsa.ExportSubjectPublicKeyInfo()),
            ("RSA SubjectPublicKeyInfo PEM", Auth.Rsa.Kid, Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())),
            ("RSA SubjectPublicKeyInfo PEM + newline", Auth.Rsa.Kid, Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem() + "\n")),
            ("RSA PKCS#1 DER", Auth.Rsa.Kid, rsa.ExportRSAPublicKey()),
            ("RSA PKCS#1 PEM", Auth.Rsa.Kid, Encoding.ASCII.GetBytes(rsa.ExportRSAPublicKeyPem())),
            ("RSA JWK JSON", Auth.Rsa.Kid, Encoding.UTF8.GetBytes(Auth.Rsa.ToJwk().ToJsonString())),
            ("EC SubjectPublicKeyInfo DER", Auth.Ec.Kid, ec.ExportSubjectPublicKeyInfo()),
            ("EC SubjectPublicKeyInfo PEM", Auth.Ec.Kid, Encoding.ASCII.GetBytes(ec.ExportSubjectPublicKeyInfoPem())),
        };
        await AssertAcceptedAsync(Api, Auth.Rsa.Sign(claims)); // the API holds the JWKS now

        foreach (var (name, kid, secret) in secrets)
        {
            var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = kid };
            await AssertTokenRefusedAsync(TestTokens.Hs256WithKeyBytes(claims, secret, header), "HS256 keyed with the " + name);
        }
    }

    [Fact]
    public async Task A_token_whose_algorithm_does_not_match_its_key_is_refused()
    {
        var claims = Auth.Claims();
        var rsaSignedNamingEcKey = Auth.Rsa.Sign(claims, kid: Auth.Ec.Kid);
        var ecSignedNamingRsaKey = Auth.Ec.Sign(claims, kid: Auth.Rsa.Kid);

        var ecSignedCallingItselfRs256 = TestTokens.Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = Auth.Ec.Kid }, claims,
            input => Auth.Ec.EcKey!.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        await AssertAcceptedAsync(Api, Auth.Ec.Sign(claims));

        await AssertTokenRefusedAsync(rsaSignedNamingEcKey, "RS256 header naming the EC key");
        await AssertTokenRefusedAsync(ecSignedNamingRsaKey, "ES256 header naming the RSA key");
        await AssertTokenRefusedAsync(ecSignedCallingItselfRs256, "signed by the EC key, header saying RS256");
    }

    [Fact]
    public async Task An_algorithm_left_out_of_the_configured_allow_list_is_refused()
    {
        await using var auth = await FakeSupabaseAuth.StartAsync();
        await using var api = await auth.StartApiAsync(settings: new Dictionary<string, string?> { ["Omni:Auth:Algorithms:0"] = "ES256" });

        await AssertAcceptedAsync(api, auth.Ec.Sign(auth.Claims()));
        await AssertTokenRefusedAsync(api, TestTokens.Hs256(auth.Claims()), "HS256 not allowed");
        await AssertTokenRefusedAsync(api, auth.Rsa.Sign(auth.Claims()), "RS256 not allowed");
    }

    [Fact]
    public async Task A_token_expired_beyond_the_leeway_is_refused_and_one_just_expired_is_accepted()
    {
        var expiredLongAgo = Auth.Claims();
        expiredLongAgo["iat"] = Unix(TimeSpan.FromHours(-1));
        expiredLongAgo["exp"] = Unix(TimeSpan.FromSeconds(-45));
        var expiredWithinLeeway = Auth.Claims();
        expiredWithinLeeway["iat"] = Unix(TimeSpan.FromHours(-1));
        expiredWithinLeeway["exp"] = Unix(TimeSpan.FromSeconds(-10));

        await AssertTokenRefusedAsync(Auth.Ec.Sign(expiredLongAgo), "expired 45 s ago");
        await AssertTokenRefusedAsync(TestTokens.Hs256(expiredLongAgo), "HS256 expired 45 s ago");
        await AssertAcceptedAsync(Api, Auth.Ec.Sign(expiredWithinLeeway));
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_refused_beyond_the_leeway()
    {
        var notYet = Auth.Claims();
        notYet["nbf"] = Unix(TimeSpan.FromMinutes(2));
        var almost = Auth.Claims();
        almost["nbf"] = Unix(TimeSpan.FromSeconds(10));
        var garbled = Auth.Claims();
        garbled["nbf"] = "soon";

        await AssertTokenRefusedAsync(Auth.Ec.Sign(notYet), "nbf in two minutes");
        await AssertTokenRefusedAsync(Auth.Ec.Sign(garbled), "nbf not a number");
        await AssertAcceptedAsync(Api, Auth.Ec.Sign(almost));
    }

    [Fact]
    public async Task A_token_without_an_expiry_is_refused()
    {
        var noExp = Auth.Claims();
        noExp.Remove("exp");
        var stringExp = Auth.Claims();
        stringExp["exp"] = Unix(TimeSpan.FromHours(1)).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await AssertTokenRefusedAsync(Auth.Ec.Sign(noExp), "no exp");
        await AssertTokenRefusedAsync(TestTokens.Hs256(noExp), "HS256 without exp");
        await AssertTokenRefusedAsync(Auth.Ec.Sign(stringExp), "exp as a string");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var other = Auth.Claims();
        other["aud"] = "anon";
        var list = Auth.Claims();
        list["aud"] = new JsonArray("https://other.example", "service");
        var none = Auth.Claims();
        none.Remove("aud");
        var inList = Auth.Claims();
        inList["aud"] = new JsonArray("https://other.example", "authenticated");

        await AssertTokenRefusedAsync(Auth.Ec.Sign(other), "aud anon");
        await AssertTokenRefusedAsync(Auth.Ec.Sign(list), "aud list without authenticated");
        await AssertTokenRefusedAsync(Auth.Ec.Sign(none), "no aud");
        await AssertAcceptedAsync(Api, Auth.Ec.Sign(inList));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var foreign = Auth.Claims();
        foreign["iss"] = "https://attacker.supabase.co/auth/v1";
        var bareUrl = Auth.Claims();
        bareUrl["iss"] = Auth.BaseUrl;
        var missing = Auth.Claims();
        missing.Remove("iss");

        await AssertTokenRefusedAsync(Auth.Ec.Sign(foreign), "another project's issuer");
        await AssertTokenRefusedAsync(Auth.Rsa.Sign(bareUrl), "the project URL without /auth/v1");
        await AssertTokenRefusedAsync(Auth.Ec.Sign(missing), "no iss");
        await AssertTokenRefusedAsync(TestTokens.Hs256(missing), "HS256 without iss");
        await AssertTokenRefusedAsync(TestTokens.Hs256(foreign), "HS256 from another issuer");
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_is_refused()
    {
        var victim = Guid.NewGuid();
        foreach (var token in new[] { Auth.Ec.Sign(Auth.Claims()), Auth.Rsa.Sign(Auth.Claims()), TestTokens.Hs256(Auth.Claims()) })
        {
            await AssertAcceptedAsync(Api, token);
            var parts = token.Split('.');
            var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
            payload["sub"] = victim.ToString();

            await AssertTokenRefusedAsync(parts[0] + "." + TestTokens.Encode(payload) + "." + parts[2], "sub changed after signing");
        }
    }

    [Fact]
    public async Task A_token_signed_by_a_key_not_in_the_jwks_is_refused()
    {
        var stranger = FakeSupabaseAuth.SigningKey.NewEc();
        var strangerRsa = FakeSupabaseAuth.SigningKey.NewRsa();
        var claims = Auth.Claims();
        var withoutKid = TestTokens.Sign(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT" }, claims,
            input => Auth.Ec.EcKey!.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        await AssertTokenRefusedAsync(stranger.Sign(claims), "unknown kid");
        await AssertTokenRefusedAsync(strangerRsa.Sign(claims), "unknown RSA kid");
        await AssertTokenRefusedAsync(stranger.Sign(claims, kid: Auth.Ec.Kid), "a stranger's key claiming our kid");
        await AssertTokenRefusedAsync(withoutKid, "ES256 without kid");
    }

    [Fact]
    public async Task Malformed_tokens_are_refused()
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }.ToJsonString();
        var claims = Auth.Claims().ToJsonString();
        var valid = TestTokens.Hs256(Auth.Claims());
        var malformed = new (string Token, string Because)[]
        {
            (string.Join('.', valid.Split('.').Take(2)), "two segments"),
            (valid + ".e30", "four segments"),
            ("e30.e30.e30.e30.e30", "five segments (a JWE)"),
            ("%%%.***.###", "not base64url"),
            (valid.Split('.')[0] + ".!" + valid.Split('.')[1] + "." + valid.Split('.')[2], "a bad character in the payload"),
            ("e30." + valid.Split('.')[1] + "." + valid.Split('.')[2], "an empty header"),
            (Raw("not json", claims, "hs"), "a header that is not JSON"),
            (Raw("[\"HS256\"]", claims, "hs"), "a header that is a JSON array"),
            (Raw(header, "[1,2,3]", "hs"), "a payload that is a JSON array"),
            (Raw(header, "\"" + Guid.NewGuid() + "\"", "hs"), "a payload that is a JSON string"),
            (Raw(header, "{\"sub\":", "hs"), "a payload that is truncated JSON"),
            (Raw(header, claims.Replace("\"sub\":\"", "\"sub\":\"not-a-uuid", StringComparison.Ordinal), "hs"), "a sub that is not a UUID"),
            (new string('a', 20_000), "twenty thousand characters"),
            (Raw("{\"alg\":\"HS256\\r\\nX-Injected: yes\",\"typ\":\"JWT\"}", claims, "hs"), "an alg with a line break"),
            (Raw("{\"alg\":\"HS256\u00fc\",\"typ\":\"JWT\"}", claims, "hs"), "an alg with a non-ASCII character"),
        };

        foreach (var (token, because) in malformed)
            await AssertTokenRefusedAsync(token, because);
    }

    [Fact]
    public async Task A_token_with_a_critical_header_is_refused()
    {
        var claims = Auth.Claims();
        var crit = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["crit"] = new JsonArray("b64"), ["b64"] = false };
        var critExp = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["crit"] = new JsonArray("exp"), ["exp"] = Unix(TimeSpan.FromHours(1)) };

        await AssertTokenRefusedAsync(TestTokens.Hs256(claims, header: crit), "crit b64");
        await AssertTokenRefusedAsync(TestTokens.Hs256(claims, header: critExp), "crit exp");
    }

    [Fact]
    public async Task A_token_for_a_role_other_than_a_signed_in_user_is_refused()
    {
        foreach (var role in new[] { "service_role", "anon", "supabase_admin" })
        {
            var claims = Auth.Claims();
            claims["role"] = role;
            await AssertTokenRefusedAsync(TestTokens.Hs256(claims), $"role {role} (HS256)");
            await AssertTokenRefusedAsync(Auth.Ec.Sign(claims), $"role {role} (ES256)");
        }
    }

    [Fact]
    public async Task A_token_signed_by_a_key_published_after_the_keys_were_cached_is_accepted()
    {
        await using var auth = await FakeSupabaseAuth.StartAsync();
        var clock = new TestClock();
        await using var api = await auth.StartApiAsync(clock);
        await AssertAcceptedAsync(api, auth.Ec.Sign(auth.Claims()));
        Assert.Equal(1, auth.JwksFetches);

        // Supabase rotates by publishing a new key; here it appears a minute after the API cached the
        // JWKS (past the 30 s refetch interval, well within the cache's lifetime).
        var next = FakeSupabaseAuth.SigningKey.NewEc();
        var nextRsa = FakeSupabaseAuth.SigningKey.NewRsa();
        auth.Publish(next);
        auth.Publish(nextRsa);
        clock.Advance(TimeSpan.FromMinutes(1));
        var userId = Guid.NewGuid();

        var me = await AssertAcceptedAsync(api, next.Sign(auth.Claims(userId)));

        Assert.Equal(userId, me.GetProperty("user_id").GetGuid());
        Assert.Equal(2, auth.JwksFetches);
        await AssertAcceptedAsync(api, nextRsa.Sign(auth.Claims()));
        await AssertAcceptedAsync(api, auth.Ec.Sign(auth.Claims()));
        Assert.Equal(2, auth.JwksFetches);
    }

    [Fact]
    public async Task A_flood_of_unknown_kids_refetches_the_keys_at_most_once_per_30_seconds()
    {
        await using var auth = await FakeSupabaseAuth.StartAsync();
        var clock = new TestClock();
        await using var api = await auth.StartApiAsync(clock);
        await AssertAcceptedAsync(api, auth.Ec.Sign(auth.Claims()));
        Assert.Equal(1, auth.JwksFetches);

        await FloodWithUnknownKidsAsync(api, auth, count: 40);
        Assert.Equal(1, auth.JwksFetches);

        clock.Advance(TimeSpan.FromSeconds(31));
        await FloodWithUnknownKidsAsync(api, auth, count: 40);
        Assert.Equal(2, auth.JwksFetches);

        clock.Advance(TimeSpan.FromSeconds(20));
        await FloodWithUnknownKidsAsync(api, auth, count: 40);
        Assert.Equal(2, auth.JwksFetches);
        await AssertAcceptedAsync(api, auth.Rsa.Sign(auth.Claims()));
    }

    [Fact]
    public async Task A_failing_jwks_endpoint_is_not_hammered_and_is_fetched_again_once_it_recovers()
    {
        await using var auth = await FakeSupabaseAuth.StartAsync();
        var clock = new TestClock();
        await using var api = await auth.StartApiAsync(clock);
        auth.FailWith(503);

        await AssertRefusedAsync(await GetMeAsync(api, "Bearer " + auth.Ec.Sign(auth.Claims())), "JWKS unavailable");
        var oneAttempt = auth.JwksFetches; // one fetch, with the outbound client's own retries
        Assert.InRange(oneAttempt, 1, 4);
        await FloodWithUnknownKidsAsync(api, auth, count: 20);
        Assert.Equal(oneAttempt, auth.JwksFetches);
        await AssertAcceptedAsync(api, TestTokens.Hs256(auth.Claims()));

        auth.FailWith(0);
        clock.Advance(TimeSpan.FromSeconds(31));

        await AssertAcceptedAsync(api, auth.Ec.Sign(auth.Claims()));
        Assert.Equal(oneAttempt + 1, auth.JwksFetches);
    }

    [Fact]
    public async Task A_jwks_endpoint_that_keeps_failing_gets_asymmetric_tokens_refused_with_401_never_500()
    {
        await using var auth = await FakeSupabaseAuth.StartAsync();
        var clock = new TestClock();
        await using var api = await auth.StartApiAsync(clock);
        auth.FailWith(503);

        // Tried again every 30 s, failing each time: enough failures to open the outbound client's
        // circuit breaker, after which fetching fails without reaching the endpoint at all.
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            clock.Advance(TimeSpan.FromSeconds(31));
            var token = attempt % 2 == 0 ? auth.Rsa.Sign(auth.Claims()) : auth.Ec.Sign(auth.Claims());
            await AssertRefusedAsync(await GetMeAsync(api, "Bearer " + token), $"JWKS unavailable, attempt {attempt}");
        }
        await AssertAcceptedAsync(api, TestTokens.Hs256(auth.Claims()));
    }

    [Fact]
    public async Task Neither_bearer_tokens_nor_api_keys_reach_the_logs()
    {
        await using var auth = await FakeSupabaseAuth.StartAsync();
        await using var api = await auth.StartApiAsync(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
        var sent = new List<string>();
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string credential, object? body = null, Guid? org = null)
        {
            sent.Add(credential);
            using var client = api.Client(credential, org);
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        var ownerToken = TestTokens.Hs256(auth.Claims());
        var created = await SendAsync(HttpMethod.Post, "/api/v1/orgs", ownerToken, new { name = "Logged org" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var org = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        var keyResponse = await SendAsync(HttpMethod.Post, "/api/v1/api-keys", ownerToken, new { name = "Logged key", scopes = new[] { "contacts:read" } });
        var keyBody = await keyResponse.ReadJsonAsync();
        var key = keyBody.GetProperty("key").GetString()!;
        sent.Add(key);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/v1/contacts", key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/v1/contacts", key, new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/v1/contacts", key, org: Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/v1/api-keys/{keyBody.GetProperty("id").GetGuid()}", ownerToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/v1/contacts", key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/v1/me", key + "x")).StatusCode);

        var expired = auth.Claims();
        expired["exp"] = Unix(TimeSpan.FromMinutes(-5));
        var serviceRole = auth.Claims();
        serviceRole["role"] = "service_role";
        var refused = new[]
        {
            TestTokens.Unsigned(auth.Claims()),
            TestTokens.Hs256(auth.Claims(), "another-secret-of-at-least-32-characters!!"),
            auth.Ec.Sign(expired),
            TestTokens.Hs256(serviceRole),
            FakeSupabaseAuth.SigningKey.NewEc().Sign(auth.Claims()),
            TestTokens.Hs256(auth.Claims(), header: new JsonObject { ["alg"] = "HS256", ["crit"] = new JsonArray("exp") }),
            TestTokens.Hs256(auth.Claims()) + ".extra",
        };
        foreach (var token in refused)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/v1/me", token)).StatusCode);
        foreach (var token in new[] { auth.Ec.Sign(auth.Claims()), auth.Rsa.Sign(auth.Claims()) })
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/v1/me", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/v1/nowhere", ownerToken)).StatusCode);

        var lines = api.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/api/v1/me", StringComparison.Ordinal) && l.Contains("401", StringComparison.Ordinal));
        var secrets = sent.Distinct()
            .SelectMany(s => s.StartsWith("omni_sk_", StringComparison.Ordinal) ? new[] { s, s[8..] } : new[] { s }.Concat(s.Split('.').Skip(1).Where(p => p.Length > 20)))
            .ToList();
        foreach (var secret in secrets)
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a secret reached the logs: {leak}");
        }
    }

    private static async Task FloodWithUnknownKidsAsync(TestApi api, FakeSupabaseAuth auth, int count)
    {
        var tokens = Enumerable.Range(0, count).Select(_ => auth.Ec.Sign(auth.Claims(), kid: Guid.NewGuid().ToString())).ToList();
        var responses = await Task.WhenAll(tokens.Select(t => GetMeAsync(api, "Bearer " + t)));
        foreach (var response in responses)
            await AssertRefusedAsync(response, "unknown kid");
    }

    private static async Task AssertCanCreateAnOrgAsync(TestApi api, string token)
    {
        using var client = api.Client(token);
        var created = await client.PostAsJsonAsync("/api/v1/orgs", new { name = "First org" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync() + api.RecentErrors());
        var me = await (await client.GetAsync("/api/v1/me")).ReadJsonAsync();
        Assert.Equal("owner", Assert.Single(me.GetProperty("orgs").EnumerateArray()).GetProperty("role").GetString());
    }

    private Task AssertTokenRefusedAsync(string token, string because) => AssertTokenRefusedAsync(Api, token, because);

    private static async Task AssertTokenRefusedAsync(TestApi api, string token, string because) =>
        await AssertRefusedAsync(await GetMeAsync(api, "Bearer " + token), because);

    private static async Task<JsonElement> AssertAcceptedAsync(TestApi api, string token)
    {
        var response = await GetMeAsync(api, "Bearer " + token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}\n{api.RecentErrors()}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string because, string code = "invalid_token")
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{because}: expected 401, got {(int)response.StatusCode}: {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{because}: {response.Content.Headers.ContentType}");
        var actual = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
        Assert.True(actual == code, $"{because}: expected code {code}, got {actual}");
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
    }

    private static async Task<HttpResponseMessage> GetMeAsync(TestApi api, string? authorization)
    {
        using var client = api.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>A token from raw header and payload text, HMAC-signed with the project secret when
    /// <paramref name="signature"/> is "hs" (so only the part under test is wrong).</summary>
    private static string Raw(string header, string payload, string signature)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var sig = signature == "hs"
            ? Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestTokens.Secret), Encoding.ASCII.GetBytes(input)))
            : signature;
        return input + "." + sig;
    }

    private static long Unix(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToUnixTimeSeconds();
}
