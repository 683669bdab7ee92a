using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Omni.Tests.Infrastructure.Fakes;

/// <summary>Meta's Conversions API on 127.0.0.1, as /work/shared/reference/meta-capi-and-pixel.md describes it:
/// <c>POST /{version}/{pixel_id}/events</c> with the token in the query (<c>access_token</c>), the body or a
/// Bearer header, the body as JSON or as form fields with <c>data</c> a JSON string. It checks what Meta
/// checks (1 to 1000 events, <c>action_source</c>, <c>event_time</c> in seconds and at most 7 days old,
/// <c>event_source_url</c> and <c>client_user_agent</c> on website events, <c>em</c>/<c>ph</c> hashed) and
/// answers Graph error objects (code 100 with a subcode, 190 for a bad token); a good batch gets
/// <c>events_received</c>, <c>messages</c> and <c>fbtrace_id</c>. Tests can queue canned failures per pixel
/// and see every request, every accepted event with its <c>test_event_code</c>, and what Meta would
/// deduplicate (<c>event_name</c> + <c>event_id</c> within 48 hours).</summary>
public sealed class FakeConversionsApi : IAsyncDisposable
{
    public const string Version = "v23.0";

    private static readonly HashSet<string> ActionSources =
        ["website", "app", "email", "phone_call", "chat", "physical_store", "system_generated", "business_messaging", "other"];

    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<CapiFailure>> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<AcceptedEvent> _accepted = new();
    private readonly ConcurrentDictionary<(string Pixel, string Name, string Id), DateTimeOffset> _seen = new();
    private WebApplication? _app;

    private FakeConversionsApi()
    {
    }

    public int Port { get; private set; }

    /// <summary>What the API gets as <c>Omni:Providers:MetaCapi:BaseUrl</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/{Version}/";

    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;

    public IReadOnlyCollection<AcceptedEvent> Accepted => _accepted;

    public static async Task<FakeConversionsApi> StartAsync()
    {
        var fake = new FakeConversionsApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/{version}/{pixelId}/events", fake.ReceiveAsync).DisableAntiforgery();
        await app.StartAsync();
        fake._app = app;
        fake.Port = new Uri(app.Urls.First()).Port;
        return fake;
    }

    /// <summary>A pixel with the system user token that may send to it.</summary>
    public Pixel AddPixel()
    {
        var pixel = new Pixel(RandomDigits(15), "EAAB" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        _tokens[pixel.Id] = pixel.Token;
        return pixel;
    }

    /// <summary>Answers the next requests for <paramref name="pixel"/> with these failures, in order.</summary>
    public void Fail(Pixel pixel, params CapiFailure[] failures)
    {
        var queue = _failures.GetOrAdd(pixel.Id, _ => new ConcurrentQueue<CapiFailure>());
        foreach (var f in failures) queue.Enqueue(f);
    }

    public IReadOnlyList<ReceivedRequest> RequestsFor(Pixel pixel) => [.. _requests.Where(r => r.PixelId == pixel.Id)];

    public IReadOnlyList<AcceptedEvent> AcceptedFor(Pixel pixel) => [.. _accepted.Where(e => e.PixelId == pixel.Id)];

    /// <summary>Whether Meta would count an event with this name and id once more than it already has (within 48 h).</summary>
    public bool WouldDeduplicate(Pixel pixel, string eventName, string eventId) =>
        _seen.TryGetValue((pixel.Id, eventName, eventId), out var at) && at > DateTimeOffset.UtcNow.AddHours(-48);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, string version, string pixelId)
    {
        var trace = "A" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(11));
        var (body, formToken, raw) = await ReadBodyAsync(http);
        var token = http.Request.Query["access_token"].ToString() is { Length: > 0 } q ? q
            : formToken ?? (body?["access_token"]?.GetValue<string>())
            ?? (http.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null);

        var result = Answer(pixelId, token, body, trace, out var status);
        _requests.Enqueue(new ReceivedRequest(pixelId, http.Request.QueryString.Value ?? "", token, raw, body, DateTimeOffset.UtcNow, status));
        return result;
    }

    private IResult Answer(string pixelId, string? token, JsonObject? body, string trace, out int status)
    {
        if (_failures.TryGetValue(pixelId, out var queue) && queue.TryDequeue(out var failure))
        {
            status = failure.Status;
            return failure.Code is { } code
                ? Error(failure.Status, code, failure.Message, trace, failure.Subcode, failure.IsTransient, failure.UserTitle, failure.UserMessage)
                : Results.Text($"<html><body>{failure.Status}</body></html>", "text/html", statusCode: failure.Status);
        }
        if (token is null || !_tokens.TryGetValue(pixelId, out var expected)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected)))
        {
            status = 401;
            return Error(401, 190, token is null ? "An access token is required to request this resource." : "Invalid OAuth access token - Cannot parse access token", trace);
        }
        if (body?["data"] is not JsonArray data || data.Count is 0 or > 1000)
        {
            status = 400;
            return Error(400, 100, "Invalid parameter", trace, 2804002, userTitle: "Invalid data", userMessage: "data must hold between 1 and 1000 events.");
        }
        foreach (var item in data)
        {
            if (Validate(item as JsonObject) is { } problem)
            {
                status = 400;
                return Error(400, 100, "Invalid parameter", trace, problem.Subcode, userTitle: problem.Title, userMessage: problem.Message);
            }
        }

        var testCode = body["test_event_code"]?.GetValue<string>();
        foreach (var item in data.Cast<JsonObject>())
        {
            var name = item["event_name"]!.GetValue<string>();
            var id = item["event_id"]?.GetValue<string>();
            var duplicate = id is not null && WouldDeduplicate(new Pixel(pixelId, ""), name, id);
            if (id is not null) _seen[(pixelId, name, id)] = DateTimeOffset.UtcNow;
            _accepted.Enqueue(new AcceptedEvent(pixelId, name, id, testCode, duplicate, JsonDocument.Parse(item.ToJsonString()).RootElement.Clone()));
        }
        status = 200;
        return Results.Json(new JsonObject { ["events_received"] = data.Count, ["messages"] = new JsonArray(), ["fbtrace_id"] = trace });
    }

    private static (int Subcode, string Title, string Message)? Validate(JsonObject? e)
    {
        if (e is null) return (2804002, "Invalid event", "Each item of data must be an object.");
        if (e["event_name"]?.GetValue<string>() is not { Length: > 0 }) return (2804001, "Missing event name", "event_name is required.");
        if (e["event_time"] is not JsonValue time || !time.TryGetValue<long>(out var seconds))
            return (2804003, "Invalid event time", "event_time must be a Unix timestamp in seconds.");
        var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (at < DateTimeOffset.UtcNow.AddDays(-7))
            return (2804004, "Event Timestamp Too Old", "The timestamp for this event is older than 7 days. Events must be sent within 7 days of when they occurred.");
        if (at > DateTimeOffset.UtcNow.AddMinutes(10)) return (2804005, "Event Timestamp In Future", "event_time is in the future.");
        if (e["action_source"]?.GetValue<string>() is not { } source || !ActionSources.Contains(source))
            return (2804006, "Invalid action_source", "action_source is required and must be one of Meta's values.");
        if (e["user_data"] is not JsonObject user || user.Count == 0) return (2804007, "Missing user_data", "user_data is required.");
        if (source == "website" && e["event_source_url"]?.GetValue<string>() is not { Length: > 0 })
            return (2804008, "Missing event_source_url", "Website events need event_source_url.");
        if (source == "website" && user["client_user_agent"]?.GetValue<string>() is not { Length: > 0 })
            return (2804009, "Missing client_user_agent", "Website events need client_user_agent.");
        foreach (var key in new[] { "em", "ph", "fn", "ln", "external_id" })
        {
            var values = user[key] switch
            {
                null => [],
                JsonArray a => a.Select(v => v?.GetValue<string>()).ToList(),
                var v => [v.GetValue<string>()],
            };
            if (values.Any(v => v is null || !IsSha256(v)) && key is "em" or "ph" or "fn" or "ln")
                return (2804010, "Unhashed user data", $"user_data.{key} must be SHA-256, lowercase hex.");
        }
        return null;
    }

    private static bool IsSha256(string v) => v.Length == 64 && v.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static async Task<(JsonObject? Body, string? FormToken, string Raw)> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync();
            var body = new JsonObject();
            if (form["data"].ToString() is { Length: > 0 } data) body["data"] = TryParse(data);
            if (form["test_event_code"].ToString() is { Length: > 0 } code) body["test_event_code"] = code;
            return (body, form["access_token"].ToString() is { Length: > 0 } t ? t : null, string.Join('&', form.Select(f => $"{f.Key}={f.Value}")));
        }
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        return (TryParse(raw) as JsonObject, null, raw);
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Error(int status, int code, string message, string trace, int? subcode = null, bool isTransient = false,
        string? userTitle = null, string? userMessage = null)
    {
        var error = new JsonObject { ["message"] = message, ["type"] = "OAuthException", ["code"] = code };
        if (subcode is not null) error["error_subcode"] = subcode;
        error["is_transient"] = isTransient;
        if (userTitle is not null) error["error_user_title"] = userTitle;
        if (userMessage is not null) error["error_user_msg"] = userMessage;
        error["fbtrace_id"] = trace;
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private static string RandomDigits(int n) => string.Concat(Enumerable.Range(0, n).Select(i => (char)('0' + RandomNumberGenerator.GetInt32(i == 0 ? 1 : 0, 10))));

    public sealed record Pixel(string Id, string Token);

    public sealed record ReceivedRequest(string PixelId, string Query, string? Token, string RawBody, JsonObject? Body, DateTimeOffset At, int Status);

    /// <summary>An event Meta took; <see cref="Duplicate"/>: it had already seen this name and id.</summary>
    public sealed record AcceptedEvent(string PixelId, string EventName, string? EventId, string? TestEventCode, bool Duplicate, JsonElement Event);
}

/// <summary>A canned answer: a Graph error object (<see cref="Code"/>) with an HTTP status, or, without a code,
/// a bare status with an HTML body (a front end answering).</summary>
public sealed record CapiFailure(int Status, int? Code, string Message, int? Subcode = null, bool IsTransient = false, string? UserTitle = null, string? UserMessage = null)
{
    public static CapiFailure TooManyCalls => new(400, 4, "(#4) Application request limit reached", IsTransient: true);
    public static CapiFailure UserRequestLimit => new(400, 17, "(#17) User request limit reached", IsTransient: true);
    public static CapiFailure RateLimit => new(400, 613, "(#613) Calls to this api have exceeded the rate limit.", IsTransient: true);
    public static CapiFailure Unknown => new(500, 1, "An unknown error occurred", IsTransient: true);
    public static CapiFailure TemporarilyUnavailable => new(503, 2, "An unexpected error has occurred. Please retry your request later.", IsTransient: true);
    public static CapiFailure TokenExpired => new(400, 190, "Error validating access token: Session has expired");
    public static CapiFailure InvalidParameter => new(400, 100, "Invalid parameter", 2804008, UserTitle: "Invalid parameter",
        UserMessage: "The value of client_user_agent is not valid.");
    public static CapiFailure Http(int status) => new(status, null, $"HTTP {status}");
}
