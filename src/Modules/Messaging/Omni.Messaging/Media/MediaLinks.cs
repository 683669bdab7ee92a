using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Omni.Platform.Security;

namespace Omni.Messaging.Media;

/// <summary>Short-lived public links to a stored attachment, for platforms that take outgoing media only by
/// URL (Instagram) or fetch it themselves: <c>{Omni:PublicBaseUrl}/media/{id}?expires=..&amp;signature=..</c>,
/// an HMAC-SHA256 over the id and expiry with a key derived from the encryption key.</summary>
internal sealed class MediaLinks
{
    private readonly byte[] _key;
    private readonly Uri? _publicBase;
    private readonly TimeProvider _time;

    public MediaLinks(SecretBox secrets, IConfiguration config, TimeProvider time)
    {
        _key = secrets.DeriveKey("omni:media-links:v1");
        _publicBase = config["Omni:PublicBaseUrl"] is { Length: > 0 } b ? new Uri(b.EndsWith('/') ? b : b + "/") : null;
        _time = time;
    }

    /// <summary>Whether links can be made: the API has a public address (<c>Omni:PublicBaseUrl</c>).</summary>
    public bool Available => _publicBase is not null;

    /// <summary>Null when the API has no public address configured.</summary>
    public Uri? For(Guid attachmentId, TimeSpan lifetime)
    {
        if (_publicBase is null) return null;
        var expires = _time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return new Uri(_publicBase, $"media/{attachmentId}?expires={expires}&signature={Sign(attachmentId, expires)}");
    }

    public bool IsValid(Guid attachmentId, long expires, string? signature)
    {
        if (signature is null || expires < _time.GetUtcNow().ToUnixTimeSeconds()) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(attachmentId, expires));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private string Sign(Guid attachmentId, long expires) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{attachmentId:N}.{expires.ToString(CultureInfo.InvariantCulture)}")));
}
