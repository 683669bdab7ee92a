using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Omni.Channels.Contracts;
using Omni.Channels.Webhooks;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.Instagram;

internal static class ReceiveInstagramWebhookEndpoint
{
    private const string SignatureHeader = "X-Hub-Signature-256";

    /// <summary>A delivery from Meta. Each <c>entry[].id</c> (our Instagram account) names a channel, whose
    /// <c>app_secret</c> must verify <c>X-Hub-Signature-256</c> over the exact bytes received; the body is then
    /// recorded for each such channel and processed by a job. No signature: 401; a signature no addressed channel
    /// verifies: 403; nothing is stored either way. Entries for accounts no channel has are dropped with a log
    /// line, and answered 200 (Meta would otherwise retry them for days).</summary>
    public static async Task<Results<Ok, ProblemHttpResult>> Handle(HttpRequest request, WebhookIntake intake, ILoggerFactory logs, CancellationToken ct)
    {
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
            return ApiProblem.Create(StatusCodes.Status401Unauthorized, "signature_missing", $"{SignatureHeader} is required.");
        byte[] raw;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, ct);
            raw = buffer.ToArray();
        }
        // Only the routing ids are read before the signature is checked: they say whose secret checks it.
        if (AccountIds(raw) is not { } accounts)
            return ApiProblem.BadRequest("malformed_webhook", "The body is not an Instagram webhook delivery.");

        var log = logs.CreateLogger("Omni.Channels.Instagram");
        var verified = new List<RoutedChannel>();
        var refused = 0;
        foreach (var account in accounts)
        {
            if (await intake.RouteAsync(ChannelTypes.Instagram, account, ct) is not { } channel)
            {
                log.LogWarning("Instagram webhook for account {AccountId}, which no channel has: ignored", account);
                continue;
            }
            if (channel.Credentials.TryGetValue(InstagramProvider.AppSecret, out var secret)
                && WebhookIntake.HasValidMetaSignature(signature, raw, secret))
            {
                verified.Add(channel);
            }
            else
            {
                refused++;
                log.LogWarning("Instagram webhook for account {AccountId} (channel {ChannelId}) has a signature its app_secret does not verify: refused",
                    account, channel.ChannelId);
            }
        }
        if (verified.Count == 0 && refused > 0)
            return ApiProblem.Forbidden("signature_invalid", $"{SignatureHeader} does not match the body.");

        var body = Encoding.UTF8.GetString(raw);
        foreach (var channel in verified) await intake.RecordAsync(channel, ChannelTypes.Instagram, body, ct);
        return TypedResults.Ok();
    }

    /// <summary>The distinct <c>entry[].id</c>s, or null when the body is not JSON of that shape.</summary>
    private static List<string>? AccountIds(byte[] raw)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("entry", out var entries)
                || entries.ValueKind != JsonValueKind.Array)
                return null;
            return entries.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var id)
                    ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.ValueKind == JsonValueKind.Number ? id.GetRawText() : null
                    : null)
                .OfType<string>()
                .Where(id => id.Length is > 0 and <= 64)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
