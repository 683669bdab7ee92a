using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Jobs;

namespace Omni.Tracking.Scores.Training;

internal static class TrainScoresEndpoint
{
    /// <summary>Queues a retraining of the org's model (and rescoring of its contacts); follow it at <c>/api/v1/jobs/{job_id}</c>.</summary>
    public static async Task<Accepted<TrainingQueued>> Handle(TrainScoresRequest? body, JobQueue jobs, CancellationToken ct)
    {
        object payload = body?.ConversionEvents is { } events ? new { conversion_events = events } : new { };
        var id = await jobs.EnqueueAsync(TrainScoresJob.Type, payload, ct: ct);
        return TypedResults.Accepted($"/api/v1/jobs/{id}", new TrainingQueued(id));
    }
}
