namespace Omni.Tracking.Domain;

internal static class CapiStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";

    public static readonly string[] All = [Pending, Sent, Failed];
}
