namespace Omni.Tracking.Scores;

/// <summary>A contact's conversion score (0..1), what raised it most, and the model behind it.</summary>
internal sealed record ContactScoreResponse(Guid ContactId, double Score, IReadOnlyList<ScoreFactor> Factors, DateTimeOffset ScoredAt,
    Guid ModelId, DateTimeOffset TrainedAt, double? Auc);
