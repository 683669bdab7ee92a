namespace Omni.Tracking.Scores;

/// <summary>A contact's conversion score (0..1), what raised it most, and the model behind it. <c>score</c> and the
/// model fields are null while the org's model has not scored the contact (no model yet, or no tracked events).</summary>
internal sealed record ContactScoreResponse(Guid ContactId, double? Score, IReadOnlyList<ScoreFactor> Factors, DateTimeOffset? ScoredAt,
    Guid? ModelId, DateTimeOffset? TrainedAt, double? Auc);
