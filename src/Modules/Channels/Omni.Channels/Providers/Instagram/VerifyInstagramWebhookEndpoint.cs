using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.Instagram;

internal static class VerifyInstagramWebhookEndpoint
{
    /// <summary>Meta's subscription handshake: <c>hub.mode=subscribe</c>, <c>hub.verify_token</c>,
    /// <c>hub.challenge</c>. The bare challenge comes back when the token is some Instagram channel's
    /// <c>verify_token</c>; anything else is 403.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Handle(
        [FromQuery(Name = "hub.mode")] string? mode,
        [FromQuery(Name = "hub.verify_token")] string? verifyToken,
        [FromQuery(Name = "hub.challenge")] string? challenge,
        InstagramVerifyTokens tokens,
        CancellationToken ct)
    {
        if (mode != "subscribe" || string.IsNullOrEmpty(verifyToken) || string.IsNullOrEmpty(challenge) || challenge.Length > 1024
            || !await tokens.AnyChannelHasAsync(verifyToken, ct))
            return ApiProblem.Forbidden("verify_token_mismatch", "hub.verify_token is not the verify_token of any Instagram channel.");
        return TypedResults.Text(challenge, "text/plain");
    }
}
