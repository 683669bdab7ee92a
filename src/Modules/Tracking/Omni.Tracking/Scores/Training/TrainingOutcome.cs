namespace Omni.Tracking.Scores.Training;

/// <summary>What a training run did: the new model, or why none was trained (<see cref="Skipped"/>).</summary>
internal sealed record TrainingOutcome(Guid? ModelId, int Samples, int Positives, double? Auc, string? Skipped);
