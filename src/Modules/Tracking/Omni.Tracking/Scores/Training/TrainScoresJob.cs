using System.Text.Json;
using Omni.Platform.Jobs;

namespace Omni.Tracking.Scores.Training;

/// <summary><c>tracking.train-scores</c>: retrains the org's model (payload <c>conversion_events</c>, else those
/// of its current model, else the configured defaults), rescoring every contact, then makes sure the next
/// periodic retraining is queued (<c>Omni:Tracking:ScoreTrainInterval</c>, default a day).</summary>
internal sealed class TrainScoresJob(ScoreTrainer trainer, ScoreStore store, ScoreDefaults defaults, JobQueue jobs) : IJobHandler
{
    public const string Type = "tracking.train-scores";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var orgId = job.OrgId ?? throw new JobPermanentFailureException("score training runs for an org");
        var events = job.Payload.ValueKind == JsonValueKind.Object && job.Payload.TryGetProperty("conversion_events", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => x.GetString()!).ToList()
            : (await store.CurrentConversionEventsAsync(orgId, ct)) ?? defaults.ConversionEvents;
        await trainer.TrainAsync(orgId, events, ct);

        await jobs.EnqueueUnlessPendingAsync(Type, new { }, DateTimeOffset.UtcNow + defaults.TrainInterval, ct);
    }
}
