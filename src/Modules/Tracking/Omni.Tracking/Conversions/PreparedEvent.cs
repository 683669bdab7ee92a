using System.Text.Json.Nodes;
using Omni.Tracking.Domain;

namespace Omni.Tracking.Conversions;

/// <summary>A delivery ready to go (<see cref="Event"/>, one item of <c>data</c>), or why it cannot be sent
/// at all (<see cref="ErrorCode"/>, <see cref="Error"/>): one unsendable event would make Meta reject the
/// whole request, so it is failed here instead.</summary>
internal sealed record PreparedEvent(CapiDelivery Delivery, JsonObject? Event, string? ErrorCode = null, string? Error = null)
{
    public static PreparedEvent Unsendable(CapiDelivery delivery, string code, string error) => new(delivery, null, code, error);
}
