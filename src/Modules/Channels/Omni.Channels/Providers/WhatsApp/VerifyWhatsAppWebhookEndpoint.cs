using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Channels.Contracts;
using Omni.Channels.Webhooks;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.WhatsApp;

internal static class VerifyWhatsAppWebhookEndpoint
{
    private const int MaxChallengeLength = 256;

    /// <summary>Meta's handshake when the callback URL is saved in the App Dashboard: answers the
    /// <c>hub.challenge</c> as plain text when <c>hub.mode</c> is <c>subscribe</c> and <c>hub.verify_token</c> is
    /// the verify token of one of the WhatsApp channels; 403 otherwise.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Handle(
        [FromQuery(Name = "hub.mode")] string? mode,
        [FromQuery(Name = "hub.verify_token")] string? verifyToken,
        [FromQuery(Name = "hub.challenge")] string? challenge,
        WebhookIntake intake, CancellationToken ct)
    {
        if (mode != "subscribe" || string.IsNullOrEmpty(challenge) || challenge.Length > MaxChallengeLength
            || !await intake.MatchesAnyCredentialAsync(ChannelTypes.WhatsApp, WhatsAppCredentials.VerifyToken, verifyToken, ct))
            return ApiProblem.Forbidden("verification_failed", "hub.mode must be subscribe and hub.verify_token the verify token of a WhatsApp channel.");
        return TypedResults.Text(challenge, "text/plain");
    }
}
