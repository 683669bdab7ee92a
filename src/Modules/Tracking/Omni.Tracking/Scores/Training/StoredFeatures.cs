namespace Omni.Tracking.Scores.Training;

/// <summary><c>tracking.score_models.features</c> as stored: the feature names, the standardization and the
/// conversion events the model was trained for (the periodic retraining keeps them).</summary>
internal sealed record StoredFeatures(IReadOnlyList<string> Names, double[] Means, double[] Stds, IReadOnlyList<string> ConversionEvents,
    IReadOnlyList<string> EventNames, IReadOnlyList<string> Paths);
