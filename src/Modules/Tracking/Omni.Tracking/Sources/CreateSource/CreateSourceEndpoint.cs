using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Jobs;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;
using Omni.Tracking.Data;
using Omni.Tracking.Domain;
using Omni.Tracking.Scores;
using Omni.Tracking.Scores.Training;

namespace Omni.Tracking.Sources.CreateSource;

internal static class CreateSourceEndpoint
{
    public static async Task<Created<SourceResponse>> Handle(
        CreateSourceRequest body, TrackingDbContext db, SecretBox box, RequestContext request, JobQueue jobs, ScoreDefaults scores, CancellationToken ct)
    {
        var now = DbClock.Now;
        var id = Guid.CreateVersion7();
        var gtmSecret = body.EnableGtm == true ? SourceKeys.NewGtmSecret() : null;
        var source = new Source
        {
            Id = id,
            OrgId = request.OrgId,
            Name = body.Name.Trim(),
            WriteKey = SourceKeys.NewWriteKey(),
            AllowedOrigins = (body.AllowedOrigins ?? []).Distinct().ToArray(),
            PixelId = body.PixelId,
            SealedCapiToken = body.CapiAccessToken is { } token ? box.Seal(token, SourceRules.CapiTokenContext(id)) : null,
            TestEventCode = body.TestEventCode,
            ConsentMode = body.ConsentMode ?? "none",
            AnonymizeIp = body.AnonymizeIp ?? false,
            StoreUserAgent = body.StoreUserAgent ?? true,
            GtmSecretHash = gtmSecret is null ? null : SourceKeys.Hash(gtmSecret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Sources.Add(source);
        await db.SaveChangesAsync(ct);
        // An org that tracks gets its conversion scores retrained periodically from the start (the job re-queues itself).
        await jobs.EnqueueUnlessPendingAsync(TrainScoresJob.Type, new { }, DateTimeOffset.UtcNow + scores.TrainInterval, ct);
        return TypedResults.Created($"/api/v1/tracking/sources/{id}", SourceResponse.From(source, gtmSecret));
    }
}
