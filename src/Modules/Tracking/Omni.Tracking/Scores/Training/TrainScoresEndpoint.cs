using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Http;
using Omni.Platform.Jobs;

namespace Omni.Tracking.Scores.Training;

internal static class TrainScoresEndpoint
{
    /// <summary>Queues a retraining of the org's model (and rescoring of its contacts); follow it at
    /// <c>/api/v1/jobs/{job_id}</c>. <c>conversion_events</c> (repeatable): the event names that count as
    /// converting (default: those of the current model, else <c>Purchase</c> and <c>Lead</c>). A contact converted
    /// when it did one of them; its features are taken from before its first conversion.</summary>
    public static async Task<Results<Accepted<TrainingQueued>, ProblemHttpResult>> Handle(
        [FromQuery(Name = "conversion_events")] string[]? conversionEvents, JobQueue jobs, CancellationToken ct)
    {
        if (conversionEvents is { Length: > 0 } given && (given.Length > 20 || given.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 200)))
            return ApiProblem.Validation("conversion_events", "conversion_events holds 1 to 20 event names of at most 200 characters.");
        object payload = conversionEvents is { Length: > 0 } events ? new { conversion_events = events } : new { };
        var id = await jobs.EnqueueAsync(TrainScoresJob.Type, payload, ct: ct);
        return TypedResults.Accepted($"/api/v1/jobs/{id}", new TrainingQueued(id));
    }
}
