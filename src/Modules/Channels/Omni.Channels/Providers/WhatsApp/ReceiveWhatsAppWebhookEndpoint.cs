using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Omni.Channels.Contracts;
using Omni.Channels.Webhooks;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.WhatsApp;

internal static class ReceiveWhatsAppWebhookEndpoint
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    /// <summary>Meta's event notifications (messages and delivery statuses). The exact body bytes are checked
    /// against <c>X-Hub-Signature-256</c> with the app secret of the channel each change is for (routed by
    /// <c>value.metadata.phone_number_id</c>), recorded durably, and answered 200; the work happens in a job.
    /// A number no channel has is answered 200 with nothing stored, so Meta does not redeliver it for days.</summary>
    public static async Task<Results<Ok, ProblemHttpResult>> Handle(
        [FromHeader(Name = SignatureHeader)] string? signature, HttpContext http, WebhookIntake intake, ILoggerFactory loggers, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(signature))
            return ApiProblem.Create(StatusCodes.Status401Unauthorized, "signature_missing", $"{SignatureHeader} is required.");

        var body = await ReadBodyAsync(http.Request, ct);
        IReadOnlyList<WhatsAppEnvelope.Change> changes;
        try
        {
            changes = WhatsAppEnvelope.Changes(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return ApiProblem.BadRequest("invalid_json", "The body is not JSON.");
        }

        var log = loggers.CreateLogger(typeof(ReceiveWhatsAppWebhookEndpoint).FullName!);
        var routed = new List<(RoutedChannel Channel, IReadOnlyList<WhatsAppEnvelope.Change> Changes)>();
        var skipped = 0;
        foreach (var byNumber in changes.GroupBy(c => c.PhoneNumberId))
        {
            var channel = await intake.RouteAsync(ChannelTypes.WhatsApp, byNumber.Key, ct);
            if (channel is null)
            {
                log.LogWarning("WhatsApp webhook for phone_number_id {PhoneNumberId}, which no channel has: acknowledged, not stored", byNumber.Key);
                skipped++;
                continue;
            }
            if (!channel.Credentials.TryGetValue(WhatsAppCredentials.AppSecret, out var secret)
                || !WebhookIntake.HasValidMetaSignature(signature, body, secret))
                return ApiProblem.Forbidden("signature_invalid", $"{SignatureHeader} does not match the body.");
            routed.Add((channel, byNumber.ToList()));
        }

        // The exact bytes when they concern one channel only; otherwise each channel keeps only its own changes.
        if (routed.Count == 1 && skipped == 0)
        {
            await intake.RecordAsync(routed[0].Channel, ChannelTypes.WhatsApp, System.Text.Encoding.UTF8.GetString(body), ct);
        }
        else if (routed.Count > 0)
        {
            await Task.WhenAll(routed.Select(r => intake.RecordAsync(r.Channel, ChannelTypes.WhatsApp, WhatsAppEnvelope.Of(r.Changes), ct)));
        }
        return TypedResults.Ok();
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Kestrel refuses a body over Omni:Http:MaxBodyBytes with 413 while it is read.
        using var buffer = new MemoryStream(request.ContentLength is { } n and > 0 and < 1024 * 1024 ? (int)n : 4096);
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
