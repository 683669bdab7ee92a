namespace Omni.Tracking.Scores.Training;

/// <summary>The features of an org's model: fixed activity features, then one count per frequent event name
/// (<c>event:Name</c>) and per frequent page path (<c>url:/path</c>), chosen from the org's own history.</summary>
internal sealed record FeatureSet(IReadOnlyList<string> EventNames, IReadOnlyList<string> Paths)
{
    public static readonly string[] Fixed = ["page_views", "events", "active_days", "recency_days", "utm_source"];

    public IReadOnlyList<string> Names => [.. Fixed, .. EventNames.Select(n => "event:" + n), .. Paths.Select(p => "url:" + p)];
}
