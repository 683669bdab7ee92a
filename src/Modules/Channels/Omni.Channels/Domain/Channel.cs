namespace Omni.Channels.Domain;

internal sealed class Channel
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string Type { get; set; } = "";
    public string Name { get; set; } = "";
    public string Status { get; set; } = ChannelStatuses.Active;
    public bool IngestOnly { get; set; }
    public string? ExternalId { get; set; }
    /// <summary>Non-secret settings as a JSON object (jsonb).</summary>
    public string Settings { get; set; } = "{}";
    public string? SealedCredentials { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class ChannelStatuses
{
    public const string Active = "active";
    public const string Error = "error";
    public const string Disabled = "disabled";
}
