using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Omni.Channels.Contracts;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.WhatsApp;

/// <summary>Inbound media: <c>GET /{media-id}</c> gives a short-lived URL, its MIME type, size (a string) and
/// SHA-256; the URL is then fetched with the same Bearer token through <see cref="SafeFetcher"/> (size and
/// time capped) and the bytes checked against the hash. A failure that cannot get better (unknown media,
/// too large, refused token, wrong hash) is a <see cref="MediaFetchException"/>; an outage or an expired
/// URL throws otherwise, so the fetch job tries again (a new attempt asks for a fresh URL).</summary>
internal sealed class WhatsAppMedia(WhatsAppClient graph, SafeFetcher fetcher)
{
    public static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(60);

    public async Task<MediaContent> DownloadAsync(ChannelContext channel, string mediaId, long maxBytes, CancellationToken ct)
    {
        var token = channel.Credential(WhatsAppCredentials.AccessToken);
        var info = await graph.GetAsync(Uri.EscapeDataString(mediaId), token, ct);
        if (!info.IsSuccess)
        {
            var code = info.Error?.Code;
            if (code == 100 || info.Status == 404)
                throw new MediaFetchException("media_not_found", $"WhatsApp does not know media {mediaId} (it may have expired): {info.Describe()}");
            if (code is { } c && WhatsAppErrors.IsCredentialProblem(c) || info.Status == 401)
                throw new MediaFetchException("credentials_rejected", $"WhatsApp refused the channel's token: {info.Describe()}");
            throw new HttpRequestException($"WhatsApp media lookup failed: {info.Describe()}");
        }

        var url = info.String("url") ?? throw new MediaFetchException("media_not_found", "WhatsApp gave no URL for the media.");
        if (long.TryParse(info.String("file_size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > maxBytes)
            throw new MediaFetchException("too_large", $"The media is {size} bytes; at most {maxBytes} are accepted.");

        FetchedContent content;
        try
        {
            content = await fetcher.GetAsync(new Uri(url), maxBytes, DownloadTimeout, new AuthenticationHeaderValue("Bearer", token), ct);
        }
        catch (FetchException e) when (e.Code is "too_large" or "invalid_url" or "forbidden_address" or "too_many_redirects")
        {
            throw new MediaFetchException(e.Code, e.Message);
        }
        catch (FetchException e)
        {
            throw new HttpRequestException($"WhatsApp media download failed ({e.Code}): {e.Message}", e);
        }

        if (info.String("sha256") is { Length: > 0 } expected && !HashMatches(expected, content.Content))
            throw new MediaFetchException("checksum_mismatch", "The downloaded media does not match the SHA-256 WhatsApp gave for it.");
        var mime = info.String("mime_type") ?? content.MediaType ?? "application/octet-stream";
        return new MediaContent(content.Content, mime, content.FileName);
    }

    /// <summary>Meta gives the hash as base64 in webhooks and as hex or base64 in the media lookup: compare
    /// the decoded bytes, never the strings.</summary>
    internal static bool HashMatches(string expected, byte[] content)
    {
        var actual = SHA256.HashData(content);
        var decoded = Decode(expected.Trim());
        return decoded is not null && CryptographicOperations.FixedTimeEquals(decoded, actual);
    }

    private static byte[]? Decode(string value)
    {
        if (value.Length == 64 && value.All(char.IsAsciiHexDigit)) return Convert.FromHexString(value);
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        var normalized = value.Replace('-', '+').Replace('_', '/');
        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        return Convert.TryFromBase64String(normalized, buffer, out var written) && written == 32 ? buffer[..32] : null;
    }
}
