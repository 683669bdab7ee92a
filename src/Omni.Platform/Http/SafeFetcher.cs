using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Omni.Platform.Http;

/// <summary>Fetches a URL on behalf of a user or a platform without becoming a proxy into our network
/// (SSRF): the address actually connected to must be public (no loopback, private, link-local, CGNAT,
/// multicast or unspecified addresses) unless its host is allow-listed (<c>Omni:Http:FetchAllowHosts</c>);
/// the check runs at connect time, so DNS rebinding cannot slip past it. Redirects are followed by hand
/// (each hop checked), the body is capped, and the whole fetch is time-limited.</summary>
public sealed class SafeFetcher : IDisposable
{
    public const int MaxRedirects = 3;
    private readonly HashSet<string> _allowedHosts;
    private readonly HttpClient _http;

    public SafeFetcher(IConfiguration config)
    {
        _allowedHosts = new HashSet<string>(config.GetSection("Omni:Http:FetchAllowHosts").Get<string[]>() ?? [], StringComparer.OrdinalIgnoreCase);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose() => _http.Dispose();

    public async Task<FetchedContent> GetAsync(Uri url, long maxBytes, TimeSpan timeout, AuthenticationHeaderValue? authorization, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            for (var hop = 0; hop <= MaxRedirects; hop++)
            {
                EnsureAllowedUrl(url);
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = authorization;
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } next)
                {
                    url = next.IsAbsoluteUri ? next : new Uri(url, next);
                    authorization = null; // credentials never follow a redirect to another place
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new FetchException("fetch_failed", $"The server answered {(int)response.StatusCode}.", (int)response.StatusCode);
                if (response.Content.Headers.ContentLength > maxBytes)
                    throw new FetchException("too_large", $"The content is larger than {maxBytes} bytes.");

                await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(chunk, deadline.Token)) > 0)
                {
                    if (buffer.Length + read > maxBytes) throw new FetchException("too_large", $"The content is larger than {maxBytes} bytes.");
                    buffer.Write(chunk, 0, read);
                }
                return new FetchedContent(buffer.ToArray(), response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
            }
            throw new FetchException("too_many_redirects", "Too many redirects.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new FetchException("timeout", "The fetch took too long.");
        }
        catch (HttpRequestException e) when (e.InnerException is FetchException inner)
        {
            throw inner;
        }
        catch (HttpRequestException e)
        {
            throw new FetchException("fetch_failed", e.Message);
        }
    }

    /// <summary>Refuses URLs that are not http(s) or that name a forbidden address literally.</summary>
    public void EnsureAllowedUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            throw new FetchException("invalid_url", "Only absolute http and https URLs can be fetched.");
        if (_allowedHosts.Contains(url.Host)) return;
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && !IsPublic(ip))
            throw new FetchException("forbidden_address", "The URL points at a private, loopback or link-local address.");
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowedHost = _allowedHosts.Contains(host);
        var target = addresses.FirstOrDefault(a => allowedHost || IsPublic(a))
            ?? throw new FetchException("forbidden_address", $"{host} resolves only to private, loopback or link-local addresses.");
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPublic(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast)) return false;
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            return !(ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast || ip.IsIPv6UniqueLocal);
        var b = ip.GetAddressBytes();
        return !(b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] == 0 || b[0] >= 224);
    }
}

public sealed record FetchedContent(byte[] Content, string? MediaType, string? FileName);

public sealed class FetchException(string code, string message, int? statusCode = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The HTTP status of a refused fetch (<c>fetch_failed</c>): tells an expired link (403/404) from an outage.</summary>
    public int? StatusCode { get; } = statusCode;
}
