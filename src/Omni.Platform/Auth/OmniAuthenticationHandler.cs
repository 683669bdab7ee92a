using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omni.Platform.Http;

namespace Omni.Platform.Auth;

/// <summary><c>Authorization: Bearer</c> with either a Supabase access token or an org API key.</summary>
internal sealed class OmniAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    JwtValidator jwt,
    ApiKeyResolver apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string FailureItem = "omni.auth_failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Fail("the Authorization header must use the Bearer scheme");

        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0) return Fail("empty bearer token");

        Caller caller;
        if (ApiKeyCodec.LooksLikeKey(token))
        {
            var resolved = await apiKeys.ResolveAsync(token, Context.RequestAborted);
            if (resolved is null) return Fail("unknown, revoked or expired API key");
            caller = resolved;
        }
        else
        {
            var result = await jwt.ValidateAsync(token, Context.RequestAborted);
            if (!result.Valid) return Fail(result.Error!);
            caller = Caller.ForUser(result.UserId, result.Email, result.ClaimsJson!);
        }

        caller.AttachTo(Context);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string reason)
    {
        // Reasons can quote the token (its alg); it goes into a response header and the logs, so it is
        // cut to printable ASCII here: a line break or a non-ASCII character would make Kestrel throw.
        reason = Printable(reason);
        Context.Items[FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }

    private static string Printable(string text)
    {
        var chars = text.Length > 200 ? text[..200].ToCharArray() : text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            chars[i] = chars[i] switch { '"' => '\'', < ' ' or > '~' or '\\' => '?', var c => c };
        return new string(chars);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items.TryGetValue(FailureItem, out var r) ? r as string : null;
        Response.Headers.WWWAuthenticate = reason is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        await ApiProblem.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            reason is null ? "unauthenticated" : "invalid_token",
            reason is null ? "Send Authorization: Bearer <access token or API key>." : $"The bearer token was refused: {reason}.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Context, StatusCodes.Status403Forbidden, "forbidden", "You may not do this.");
}
