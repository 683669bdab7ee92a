namespace Omni.Tracking.Scores.Training;

/// <summary>One contact's feature values (in <see cref="FeatureSet.Names"/> order) and whether it converted.</summary>
internal sealed record ContactFeatures(Guid ContactId, bool Converted, double[] Values);
