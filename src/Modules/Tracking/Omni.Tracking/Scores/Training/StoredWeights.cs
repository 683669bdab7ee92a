namespace Omni.Tracking.Scores.Training;

/// <summary><c>tracking.score_models.weights</c> as stored.</summary>
internal sealed record StoredWeights(double Bias, double[] Weights);
