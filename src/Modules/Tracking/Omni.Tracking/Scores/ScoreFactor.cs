namespace Omni.Tracking.Scores;

/// <summary>A feature that raised a contact's score: its name (e.g. <c>url:/pricing</c>), its value and how much it
/// added to the log-odds (weight × standardized value).</summary>
internal sealed record ScoreFactor(string Feature, double Value, double Contribution);
