namespace Omni.Tracking.Snippet;

/// <summary>What the tracker needs to know about its source; the org stays on the server.</summary>
internal sealed record SnippetSource(string WriteKey, string? PixelId, string ConsentMode, bool IsActive);
