using Omni.Tracking.Domain;

namespace Omni.Tracking.Sources;

/// <summary>A source as the API shows it: the write key (public), never the Conversions API token or the GTM
/// secret, only whether they are set. <c>gtm_secret</c> is in the response that creates or rotates it only.</summary>
internal sealed record SourceResponse(
    Guid Id,
    string Name,
    string WriteKey,
    IReadOnlyList<string> AllowedOrigins,
    string? PixelId,
    bool CapiTokenSet,
    string? TestEventCode,
    string ConsentMode,
    bool AnonymizeIp,
    bool StoreUserAgent,
    bool GtmEnabled,
    string? GtmSecret,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static SourceResponse From(Source s, string? gtmSecret = null) => new(
        s.Id, s.Name, s.WriteKey, s.AllowedOrigins, s.PixelId, s.SealedCapiToken is not null, s.TestEventCode, s.ConsentMode,
        s.AnonymizeIp, s.StoreUserAgent, s.GtmSecretHash is not null, gtmSecret, s.IsActive, s.CreatedAt, s.UpdatedAt);
}
