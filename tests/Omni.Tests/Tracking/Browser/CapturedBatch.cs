using System.Text.Json;

namespace Omni.Tests.Tracking.Browser;

/// <summary>One request the tracker sent to the intake.</summary>
public sealed record CapturedBatch(string Method, string? ContentType, JsonElement Body);
