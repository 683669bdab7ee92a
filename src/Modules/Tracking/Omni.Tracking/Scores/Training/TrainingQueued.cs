namespace Omni.Tracking.Scores.Training;

/// <summary>The job that retrains the model.</summary>
internal sealed record TrainingQueued(Guid JobId);
