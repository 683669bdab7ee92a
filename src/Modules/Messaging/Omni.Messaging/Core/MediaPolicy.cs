using Microsoft.Extensions.Configuration;

namespace Omni.Messaging.Core;

/// <summary>What media the inbox keeps, fetched or uploaded: at most <c>Omni:Media:MaxBytes</c> (25 MiB by
/// default) of a type on the allow-list <c>Omni:Media:AllowedTypes</c>. Channels may take less (see their
/// capabilities).</summary>
internal sealed class MediaPolicy(IConfiguration config)
{
    public static readonly IReadOnlyList<string> DefaultAllowed =
    [
        "image/jpeg", "image/png", "image/webp", "image/gif",
        "audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "audio/wav",
        "video/mp4", "video/3gpp", "video/quicktime",
        "application/pdf", "text/plain", "text/csv",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    ];

    public long MaxBytes { get; } = config.GetValue("Omni:Media:MaxBytes", 25L * 1024 * 1024);

    public IReadOnlyList<string> AllowedTypes { get; } = config.GetSection("Omni:Media:AllowedTypes").Get<string[]>() ?? DefaultAllowed;

    public bool Allows(string mimeType) => AllowedTypes.Contains(mimeType, StringComparer.OrdinalIgnoreCase);

    /// <summary>The bare, lower-case type of a Content-Type value ("image/jpeg; q=1" is "image/jpeg").</summary>
    public static string Normalize(string? contentType) => (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>The message type a file of this type is sent as.</summary>
    public static string KindOf(string mimeType) => mimeType switch
    {
        _ when mimeType.StartsWith("image/", StringComparison.Ordinal) => "image",
        _ when mimeType.StartsWith("audio/", StringComparison.Ordinal) => "audio",
        _ when mimeType.StartsWith("video/", StringComparison.Ordinal) => "video",
        _ => "file",
    };
}
