namespace Omni.Tracking.Domain;

internal sealed class Source
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string Name { get; set; } = "";
    public string WriteKey { get; set; } = "";
    public string[] AllowedOrigins { get; set; } = [];
    public string? PixelId { get; set; }
    public string? SealedCapiToken { get; set; }
    public string? TestEventCode { get; set; }
    public string ConsentMode { get; set; } = "none";
    public bool AnonymizeIp { get; set; }
    public bool StoreUserAgent { get; set; } = true;
    public byte[]? GtmSecretHash { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
