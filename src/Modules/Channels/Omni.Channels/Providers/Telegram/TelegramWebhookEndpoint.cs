using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Channels.Contracts;
using Omni.Channels.Webhooks;

namespace Omni.Channels.Providers.Telegram;

internal static class TelegramWebhookEndpoint
{
    public const string Route = "/webhooks/telegram/{channel_id:guid}";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Telegram delivers one Update per call. The secret token we registered must come back in
    /// <c>X-Telegram-Bot-Api-Secret-Token</c> (missing: 401, wrong: 403, compared in constant time, nothing
    /// stored); then the raw body is recorded with its processing job and Telegram gets an empty 200.
    /// A channel that does not exist or is disabled is a 404: Telegram keeps retrying for about a day, so a
    /// channel re-enabled within that time still gets what was sent meanwhile.</summary>
    public static async Task<Results<Ok, UnauthorizedHttpResult, NotFound, StatusCodeHttpResult>> Handle(
        [FromRoute(Name = "channel_id")] Guid channelId, HttpRequest request, WebhookIntake intake, CancellationToken ct)
    {
        var given = request.Headers[SecretHeader].ToString();
        if (given.Length == 0) return TypedResults.Unauthorized();
        var channel = await intake.RouteByIdAsync(ChannelTypes.Telegram, channelId, ct);
        if (channel is null) return TypedResults.NotFound();
        if (!channel.Credentials.TryGetValue(TelegramBotToken.WebhookSecret, out var expected) || !WebhookIntake.SecretsMatch(given, expected))
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        await intake.RecordAsync(channel, ChannelTypes.Telegram, body, ct);
        return TypedResults.Ok();
    }
}
