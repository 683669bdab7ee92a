using Microsoft.Extensions.Configuration;
using Omni.Platform.Hosting;

namespace Omni.Platform.Auth;

/// <summary>How access tokens are checked. From <c>SUPABASE_JWT_SECRET</c> (HS256), <c>SUPABASE_URL</c>
/// (ES256/RS256 through the project's JWKS; also the expected issuer) and <c>Omni:Auth:*</c>. With neither
/// Supabase setting, the embedded default signs and checks with a local secret kept under the data folder.</summary>
public sealed class AuthSettings
{
    public const string Audience = "authenticated";
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);
    private static readonly string[] SupportedAlgorithms = ["HS256", "ES256", "RS256"];

    public byte[]? HmacSecret { get; init; }
    public Uri? JwksUri { get; init; }
    public string? Issuer { get; init; }
    public IReadOnlySet<string> Algorithms { get; init; } = new HashSet<string>(SupportedAlgorithms, StringComparer.Ordinal);
    public TimeSpan ClockSkew { get; init; } = MaxClockSkew;
    public bool UsesLocalSecret { get; init; }

    /// <summary>Pending invitations go to a user only when its token shows a verified email
    /// (<c>Omni:Auth:InvitationsRequireVerifiedEmail</c>, default true).</summary>
    public bool InvitationsRequireVerifiedEmail { get; init; } = true;

    public static AuthSettings From(IConfiguration config, string dataDirectory)
    {
        var supabaseUrl = config["SUPABASE_URL"]?.TrimEnd('/');
        var secret = config["SUPABASE_JWT_SECRET"] ?? config["Omni:Auth:JwtSecret"];
        var local = false;
        if (string.IsNullOrEmpty(secret) && string.IsNullOrEmpty(supabaseUrl))
        {
            secret = LocalSecrets.LoadOrCreate(dataDirectory).JwtSecret;
            local = true;
        }
        if (!string.IsNullOrEmpty(secret) && secret.Length < 32)
            throw new InvalidOperationException("SUPABASE_JWT_SECRET must be at least 32 characters.");

        var configured = config.GetSection("Omni:Auth:Algorithms").Get<string[]>();
        var algorithms = (configured is { Length: > 0 } ? configured : SupportedAlgorithms)
            .Where(a => SupportedAlgorithms.Contains(a, StringComparer.Ordinal)) // "none" and anything unknown never pass
            .ToHashSet(StringComparer.Ordinal);

        var skew = TimeSpan.FromSeconds(config.GetValue("Omni:Auth:ClockSkewSeconds", 30));
        return new AuthSettings
        {
            HmacSecret = string.IsNullOrEmpty(secret) ? null : System.Text.Encoding.UTF8.GetBytes(secret),
            JwksUri = string.IsNullOrEmpty(supabaseUrl) ? null : new Uri(supabaseUrl + "/auth/v1/.well-known/jwks.json"),
            Issuer = config["Omni:Auth:Issuer"] ?? (string.IsNullOrEmpty(supabaseUrl) ? null : supabaseUrl + "/auth/v1"),
            Algorithms = algorithms,
            ClockSkew = skew < TimeSpan.Zero ? TimeSpan.Zero : skew > MaxClockSkew ? MaxClockSkew : skew,
            UsesLocalSecret = local,
            InvitationsRequireVerifiedEmail = config.GetValue("Omni:Auth:InvitationsRequireVerifiedEmail", true),
        };
    }
}
