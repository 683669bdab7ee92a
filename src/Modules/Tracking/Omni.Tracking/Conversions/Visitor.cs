using System.Text.Json;

namespace Omni.Tracking.Conversions;

/// <summary>What is known of an anonymous visitor: the contact it turned out to be, and the traits of its
/// latest identify call.</summary>
internal sealed record Visitor(Guid? ContactId, JsonElement? Traits);
