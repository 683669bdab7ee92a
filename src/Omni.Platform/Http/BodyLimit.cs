using Microsoft.AspNetCore.Http.Features;

namespace Omni.Platform.Http;

/// <summary>Marks an endpoint that reads and limits its body itself (the ingest contract).</summary>
public sealed class OwnsBodyLimit;

/// <summary>Holds each request to its body limit (the server's, or the endpoint's <c>IRequestSizeLimitMetadata</c>)
/// in a way the client can hear: the server lets the body run on to <see cref="DrainFactor"/> times the limit,
/// a stream here refuses bytes past the limit (413), and the exception handler then reads the rest before it
/// answers. Otherwise the server would close the connection while the client was still sending, and the
/// client would see a broken pipe instead of the 413. Bodies beyond the drain allowance are cut off.</summary>
internal sealed class BodyLimitMiddleware(RequestDelegate next)
{
    public const int DrainFactor = 4;

    public async Task InvokeAsync(HttpContext http)
    {
        var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (size is not { IsReadOnly: false, MaxRequestBodySize: { } limit } || http.GetEndpoint()?.Metadata.GetMetadata<OwnsBodyLimit>() is not null)
        {
            await next(http);
            return;
        }
        size.MaxRequestBodySize = limit * DrainFactor;
        var original = http.Request.Body;
        http.Request.Body = new LimitedReadStream(original, limit, http.Request.ContentLength);
        try
        {
            await next(http);
        }
        finally
        {
            http.Request.Body = original;
        }
    }

    /// <summary>Reads what is left of a refused body, within the server's drain allowance, so that the
    /// client finishes sending and reads the answer.</summary>
    public static async Task DrainAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            var buffer = new byte[64 * 1024];
            while (await http.Request.Body.ReadAsync(buffer, ct) > 0)
            {
            }
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Past the allowance, or the client gave up: the connection closes after the answer.
        }
    }

    private sealed class LimitedReadStream(Stream inner, long limit, long? declaredLength) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (declaredLength > limit) throw TooLarge();
            var n = await inner.ReadAsync(buffer, ct);
            _read += n;
            if (_read > limit) throw TooLarge();
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("Synchronous reads of the request body are not allowed.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static BadHttpRequestException TooLarge() =>
            new("Request body too large.", StatusCodes.Status413PayloadTooLarge);
    }
}
