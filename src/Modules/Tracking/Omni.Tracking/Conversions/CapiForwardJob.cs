using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Omni.Platform.Jobs;
using Omni.Platform.Security;
using Omni.Tracking.Data;
using Omni.Tracking.Domain;
using Omni.Tracking.Sources;

namespace Omni.Tracking.Conversions;

/// <summary>Sends one batch of a source's pending deliveries to the Conversions API in one request and records
/// the outcome on every delivery. Throttling waits and tries again (without using up the job's attempts; the
/// 7-day limit ends it); a server error or no answer is retried with backoff until the job's attempts run
/// out; a bad token or a refused payload fails the deliveries at once.</summary>
internal sealed class CapiForwardJob(
    TrackingDbContext db, ServerEvents events, CapiClient client, SecretBox box, RetryLog retries, JobOptions options, TimeProvider clock) : IJobHandler
{
    public const string Type = "tracking.capi-forward";

    private static readonly JsonSerializerOptions PayloadJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var payload = job.Payload.Deserialize<CapiForwardPayload>(PayloadJson)
            ?? throw new JobPermanentFailureException("the job has no payload");
        var ids = payload.DeliveryIds.ToList();
        var deliveries = await db.CapiDeliveries.AsTracking()
            .Where(d => ids.Contains(d.Id) && d.Status == CapiStatus.Pending).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(ct);
        if (deliveries.Count == 0) return;

        var source = await db.Sources.SingleOrDefaultAsync(s => s.Id == payload.SourceId, ct);
        if (source is not { IsActive: true, PixelId: { } pixelId, SealedCapiToken: { } sealedToken })
        {
            Fail(deliveries, "not_configured", "The source is inactive or no longer has a pixel id and Conversions API token.", countAttempt: false);
            await db.SaveChangesAsync(ct);
            return;
        }

        var now = clock.GetUtcNow();
        var prepared = await events.PrepareAsync(deliveries, now, ct);
        foreach (var p in prepared.Where(p => p.Event is null)) Fail([p.Delivery], p.ErrorCode!, p.Error!, countAttempt: false);
        var ready = prepared.Where(p => p.Event is not null).ToList();
        if (ready.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        var body = new JsonObject { ["data"] = new JsonArray([.. ready.Select(p => (JsonNode)p.Event!)]) };
        if (source.TestEventCode is { Length: > 0 } testCode) body["test_event_code"] = testCode;
        var answer = await SendAsync(pixelId, box.Open(sealedToken, SourceRules.CapiTokenContext(source.Id)), body.ToJsonString(), ct);
        var outcome = CapiOutcomes.Of(answer);
        var sending = ready.Select(p => p.Delivery).ToList();
        foreach (var d in sending) d.TestEventCode = source.TestEventCode;

        switch (outcome.Kind)
        {
            case CapiOutcomeKind.Sent:
                foreach (var d in sending)
                {
                    d.Status = CapiStatus.Sent;
                    d.Attempts++;
                    d.FbtraceId = answer.TraceId;
                    d.Response = answer.JsonBody;
                    d.ErrorCode = null;
                    d.LastError = null;
                    d.SentAt = now;
                    d.UpdatedAt = now;
                }
                break;
            case CapiOutcomeKind.Throttled:
                await retries.RecordAsync(job.OrgId!.Value, job.Id, [.. sending.Select(d => d.Id)], outcome.Code!, outcome.Text!, ct);
                throw new JobRetryException(options.Backoff(sending.Max(d => d.Attempts) + 1), $"Conversions API throttled: {outcome.Text}");
            case CapiOutcomeKind.Transient when job.Attempt < job.MaxAttempts:
                await retries.RecordAsync(job.OrgId!.Value, job.Id, [.. sending.Select(d => d.Id)], outcome.Code!, outcome.Text!, ct);
                throw new CapiUnavailableException($"Conversions API unavailable: {outcome.Text}");
            default:
                Fail(sending, outcome.Code!, outcome.Text!, countAttempt: true);
                foreach (var d in sending)
                {
                    d.FbtraceId = answer.TraceId;
                    d.Response = answer.JsonBody;
                }
                break;
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<CapiAnswer> SendAsync(string pixelId, string token, string json, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(pixelId, token, json, ct);
        }
        catch (HttpRequestException e)
        {
            return CapiAnswer.NoAnswer(e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return CapiAnswer.NoAnswer($"no answer within {CapiClient.Timeout.TotalSeconds:0} s");
        }
    }

    private void Fail(IEnumerable<CapiDelivery> deliveries, string code, string error, bool countAttempt)
    {
        var now = clock.GetUtcNow();
        foreach (var d in deliveries)
        {
            d.Status = CapiStatus.Failed;
            if (countAttempt) d.Attempts++;
            d.ErrorCode = code;
            d.LastError = error;
            d.UpdatedAt = now;
        }
    }
}
