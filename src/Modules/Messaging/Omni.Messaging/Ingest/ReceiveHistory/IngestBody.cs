using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>The request's JSON with the contract's three required fields checked, or the contract error
/// (status and message) that ends the request. Dispose it when done: it holds the pooled document.</summary>
internal sealed class IngestBody : IDisposable
{
    private readonly JsonDocument? _document;

    private IngestBody(JsonDocument? document, string platform, string connectionId, JsonElement conversations, int status, string? error)
    {
        _document = document;
        Platform = platform;
        ConnectionId = connectionId;
        Conversations = conversations;
        Status = status;
        Error = error;
    }

    public string Platform { get; }
    public string ConnectionId { get; }
    public JsonElement Conversations { get; }
    public int Status { get; }
    public string? Error { get; }

    public void Dispose() => _document?.Dispose();

    private static IngestBody Fail(int status, string error, JsonDocument? document = null) => new(document, "", "", default, status, error);

    /// <summary>Reads at most <see cref="IngestLimits.MaxBodyBytes"/> (413 beyond, also for chunked bodies),
    /// parses (400 when not JSON), checks the required fields (400) and the message count (413).</summary>
    public static async Task<IngestBody> ReadAsync(HttpContext http, IngestLimits limits, CancellationToken ct)
    {
        // Kestrel's own cap is set well above ours: a body a little over the limit is read to its end and
        // then refused, so the client finishes sending and gets the 413. A server that stops reading and
        // closes makes the client see a connection reset instead of the answer.
        var drainLimit = Math.Max(limits.MaxBodyBytes * 4, limits.MaxBodyBytes + 1024 * 1024);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = drainLimit;
        if (http.Request.ContentLength > limits.MaxBodyBytes) return Fail(StatusCodes.Status413PayloadTooLarge, TooLarge(limits));

        ReadOnlyMemory<byte> bytes;
        try
        {
            if (await ReadUpToAsync(http.Request.Body, limits.MaxBodyBytes, http.Request.ContentLength, ct) is not { } read)
            {
                await DrainAsync(http.Request.Body, ct);
                return Fail(StatusCodes.Status413PayloadTooLarge, TooLarge(limits));
            }
            bytes = read;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, TooLarge(limits));
        }
        catch (BadHttpRequestException)
        {
            // The body ended early or arrived too slowly.
            return Fail(StatusCodes.Status400BadRequest, IngestErrors.InvalidJson);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return Fail(StatusCodes.Status400BadRequest, IngestErrors.InvalidJson);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || NonEmptyString(root, "platform") is not { } platform
            || NonEmptyString(root, "connection_id") is not { } connectionId
            || !root.TryGetProperty("conversations", out var conversations) || conversations.ValueKind != JsonValueKind.Array)
            return Fail(StatusCodes.Status400BadRequest, IngestErrors.MissingFields, document);

        var messages = 0;
        foreach (var conversation in conversations.EnumerateArray())
        {
            if (conversation.ValueKind == JsonValueKind.Object && conversation.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
                messages += list.GetArrayLength();
        }
        if (messages > limits.MaxMessages || conversations.GetArrayLength() > limits.MaxConversations)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge,
                $"Too many messages or conversations in one request: at most {limits.MaxMessages} messages and {limits.MaxConversations} conversations (100-500 messages per request recommended)",
                document);
        }
        return new IngestBody(document, platform, connectionId, conversations, StatusCodes.Status200OK, null);
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadUpToAsync(Stream body, long limit, long? announced, CancellationToken ct)
    {
        var buffer = new MemoryStream(announced is { } length ? (int)Math.Min(length, int.MaxValue) : 64 * 1024);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int n;
            while ((n = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + n > limit) return null;
                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        // The document parsed from it keeps referring to this array: no copy.
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads and drops the rest of a refused body (Kestrel stops it at its own, higher cap).</summary>
    private static async Task DrainAsync(Stream body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var chunk = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(chunk, timeout.Token) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private static string TooLarge(IngestLimits limits) =>
        $"Request body too large: at most {limits.MaxBodyBytes} bytes (100-500 messages per request recommended)";

    private static string? NonEmptyString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String) return null;
        try
        {
            var value = element.GetString();
            return string.IsNullOrEmpty(value) ? null : value;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
