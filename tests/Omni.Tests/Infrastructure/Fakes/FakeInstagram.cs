using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Omni.Tests.Infrastructure.Fakes;

/// <summary>Meta's Instagram Messaging on 127.0.0.1, as /work/shared/reference/instagram-messaging.md describes it:
/// the Graph API (<c>GET /{version}/{id}</c> to check a token, the Send API on <c>/{version}/me/messages</c> and
/// <c>/{version}/{id}/messages</c> with a Bearer header or <c>access_token</c>), Graph error objects (190 token,
/// 10 outside the 24-hour window, 100 bad parameter, 4/613 throttling with usage headers, 2 outage), a down mode,
/// attachment URLs on its own CDN path (which can expire), a record of every call, and a signer that POSTs
/// webhooks with <c>X-Hub-Signature-256</c> over the exact bytes (right, missing or wrong). Like Meta, it tracks
/// when each IGSID last wrote (from the webhooks it delivered) and refuses free-form sends older than 24 h.</summary>
public sealed class FakeInstagram : IAsyncDisposable
{
    public const string Version = "v23.0";
    public const string MediaPath = "/ig_messaging_cdn/";
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private static readonly TimeSpan HumanAgentWindow = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, FakeInstagramAccount> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, string Igsid), DateTimeOffset> _lastInbound = new();
    private readonly ConcurrentQueue<InstagramFailure> _scripted = new();
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, FakeMedia> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _echoes = [];
    private readonly HttpClient _webhooks = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebApplication? _app;
    private volatile bool _down;

    private FakeInstagram()
    {
    }

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>What the API gets as <c>Omni:Providers:Instagram:BaseUrl</c>: host and version.</summary>
    public string GraphUrl => $"{BaseUrl}/{Version}/";

    /// <summary>The app secret the webhooks are signed with (give it to channels as <c>app_secret</c>).</summary>
    public string AppSecret { get; } = "fake-app-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>Where <see cref="DeliverAsync"/> and echoes POST (the API's <c>/webhooks/instagram</c>).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>After each accepted send, POST the matching <c>is_echo</c> webhook (same <c>mid</c>).</summary>
    public bool EchoSends { get; set; }

    /// <summary>Every Graph call answers 503 with a non-JSON body, as an outage in front of the API does.</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Every call to the Graph API and the CDN, in order, with what it was answered.</summary>
    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>Calls to the Send API (answered or not).</summary>
    public IReadOnlyList<RecordedCall> SendCalls => [.. _calls.Where(c => c.Method == "POST" && c.Path.EndsWith("/messages", StringComparison.Ordinal))];

    /// <summary>Sends the platform accepted (answered 200 with a message id).</summary>
    public IReadOnlyList<RecordedCall> Accepted => [.. SendCalls.Where(c => c.MessageId is not null)];

    public static async Task<FakeInstagram> StartAsync()
    {
        var fake = new FakeInstagram();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet(MediaPath, fake.ServeMedia);
        app.MapGet("/{version}/{id}", fake.ReadNodeAsync);
        app.MapPost("/{version}/{id}/messages", fake.SendAsync);
        await app.StartAsync();
        fake._app = app;
        fake.BaseUrl = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>A professional account this fake knows, with a valid token for it.</summary>
    public FakeInstagramAccount AddAccount(string? username = null)
    {
        var id = "1784" + RandomDigits(13);
        var account = new FakeInstagramAccount(id, username ?? "shop_" + RandomDigits(6), "IGAA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        _accounts[id] = account;
        return account;
    }

    /// <summary>From now on the account's token is refused with code 190 (the user changed their password).</summary>
    public void RevokeToken(FakeInstagramAccount account) => _revoked[account.Token] = true;

    /// <summary>The next sends are answered with these failures, in order, whatever they carry.</summary>
    public void FailNextSends(params InstagramFailure[] failures)
    {
        foreach (var f in failures) _scripted.Enqueue(f);
    }

    /// <summary>Overrides when Meta thinks the IGSID last wrote to the account (null: never).</summary>
    public void SetLastInbound(FakeInstagramAccount account, string igsid, DateTimeOffset? at)
    {
        if (at is { } t) _lastInbound[(account.Id, igsid)] = t;
        else _lastInbound.TryRemove((account.Id, igsid), out _);
    }

    /// <summary>A file on the fake CDN, at a signed URL like Meta's <c>lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=..&amp;signature=..</c>.</summary>
    public Uri AddMedia(byte[] content, string contentType)
    {
        var asset = "18" + RandomDigits(15);
        var signature = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _media[asset] = new FakeMedia(content, contentType, signature) { Expired = false };
        return new Uri($"{BaseUrl}{MediaPath}?asset_id={asset}&signature={signature}");
    }

    /// <summary>The URL's signature expires: the CDN answers 403 from now on.</summary>
    public void ExpireMedia(Uri url)
    {
        var asset = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)["asset_id"].ToString();
        _media[asset].Expired = true;
    }

    /// <summary>POSTs a webhook body to <see cref="WebhookUrl"/> exactly as given, signed as <paramref name="signature"/>
    /// says (with <paramref name="secret"/>, the app secret by default). A correctly signed delivery also counts,
    /// as on Meta's side, as the sender writing at the event's timestamp (the 24-hour window).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string body, WebhookSignature signature = WebhookSignature.Valid, string? secret = null)
    {
        var url = WebhookUrl ?? throw new InvalidOperationException("Set WebhookUrl first.");
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var key = secret ?? AppSecret;
        var header = signature switch
        {
            WebhookSignature.Valid => Sign(key, bytes),
            WebhookSignature.WrongSecret => Sign("not-" + key, bytes),
            WebhookSignature.OtherBody => Sign(key, Encoding.UTF8.GetBytes(body + " ")),
            WebhookSignature.Malformed => "sha256=not-hex",
            _ => null,
        };
        if (header is not null) request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", header);
        if (signature == WebhookSignature.Valid) NoteInbound(body);
        return await _webhooks.SendAsync(request);
    }

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Bodies that are not well-formed deliveries (tests send some on purpose) note nothing.</summary>
    private void NoteInbound(string body)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(body); }
        catch (JsonException) { return; }
        if (root?["entry"] is not JsonArray entries) return;
        foreach (var entry in entries)
        {
            if (entry?["id"]?.GetValue<string>() is not { } account || entry["messaging"] is not JsonArray items) continue;
            foreach (var item in items)
            {
                var isUserMessage = (item?["message"] is JsonObject m && m["is_echo"]?.GetValue<bool>() != true) || item?["postback"] is not null;
                if (!isUserMessage || item!["sender"]?["id"]?.GetValue<string>() is not { } sender || item["timestamp"]?.GetValue<long>() is not { } ms) continue;
                var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                _lastInbound.AddOrUpdate((account, sender), at, (_, old) => old > at ? old : at);
            }
        }
    }

    private IResult ServeMedia(HttpContext http)
    {
        var asset = http.Request.Query["asset_id"].ToString();
        if (!_media.TryGetValue(asset, out var media) || http.Request.Query["signature"] != media.Signature)
            return Record(http, "", Results.Text("Not Found", "text/plain", statusCode: 404));
        if (media.Expired)
            return Record(http, "", Results.Text("URL signature expired", "text/plain", statusCode: 403));
        return Record(http, "", Results.Bytes(media.Content, media.ContentType));
    }

    private async Task<IResult> ReadNodeAsync(HttpContext http, string version, string id)
    {
        await Task.CompletedTask;
        if (Down) return Record(http, "", DownAnswer());
        if (Authenticate(http, out var account) is { } refused) return Record(http, "", refused);
        if (id != "me" && id != account!.Id) return Record(http, "", NoSuchObject("get", id));
        var fields = http.Request.Query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var node = new JsonObject { ["id"] = account!.Id };
        if (fields.Contains("username")) node["username"] = account.Username;
        return Record(http, "", Results.Text(node.ToJsonString(), "application/json"));
    }

    private async Task<IResult> SendAsync(HttpContext http, string version, string id)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        if (Down) return Record(http, body, DownAnswer());
        if (_scripted.TryDequeue(out var failure))
        {
            if (failure.Kind == InstagramFailureKind.Unreachable)
            {
                Record(http, body, 0, null);
                http.Abort();
                return Results.Empty;
            }
            return Record(http, body, failure.ToResult(http, id));
        }
        if (Authenticate(http, out var account) is { } refused) return Record(http, body, refused);
        if (id != "me" && id != account!.Id) return Record(http, body, NoSuchObject("post", id));

        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Record(http, body, GraphError(400, 100, null, "(#100) The request body could not be parsed as JSON"));
        }
        if (Validate(request) is { } invalid) return Record(http, body, invalid);
        var recipient = request["recipient"]!["id"]!.GetValue<string>();
        if (request["sender_action"] is not null)
            return Record(http, body, Results.Text(new JsonObject { ["recipient_id"] = recipient }.ToJsonString(), "application/json"));

        var tagged = request["messaging_type"]?.GetValue<string>() == "MESSAGE_TAG" && request["tag"]?.GetValue<string>() == "HUMAN_AGENT";
        if (!_lastInbound.TryGetValue((account!.Id, recipient), out var last))
            return Record(http, body, GraphError(400, 100, 2018001, "(#100) No matching user found"));
        if (Clock.GetUtcNow() - last > (tagged ? HumanAgentWindow : Window))
            return Record(http, body, GraphError(400, 10, 2534022, "(#10) This message is sent outside of allowed window."));

        var mid = InstagramEvents.NewMid();
        var answer = Results.Text(new JsonObject { ["recipient_id"] = recipient, ["message_id"] = mid }.ToJsonString(), "application/json");
        Record(http, body, 200, mid);
        if (EchoSends && WebhookUrl is not null)
        {
            var echo = InstagramEvents.Envelope(account.Id, InstagramEvents.Echo(account.Id, recipient, mid, request["message"]?["text"]?.GetValue<string>()));
            _echoes.Add(Task.Run(async () =>
            {
                await Task.Delay(50);
                (await DeliverAsync(echo)).Dispose();
            }));
        }
        return answer;
    }

    private static IResult? Validate(JsonObject request)
    {
        if (request["recipient"]?["id"] is not JsonValue rid || rid.GetValueKind() != JsonValueKind.String || rid.GetValue<string>().Length == 0)
            return GraphError(400, 100, null, "(#100) The parameter recipient is required");
        if ((request["message"] is null) == (request["sender_action"] is null))
            return GraphError(400, 100, null, "(#100) Exactly one of message or sender_action must be specified");
        if (request["sender_action"] is { } action)
            return action.GetValue<string>() is "typing_on" or "typing_off" or "mark_seen" ? null : GraphError(400, 100, null, "(#100) Param sender_action must be one of {typing_on, typing_off, mark_seen}");
        var type = request["messaging_type"]?.GetValue<string>() ?? "RESPONSE";
        if (type is not ("RESPONSE" or "UPDATE" or "MESSAGE_TAG"))
            return GraphError(400, 100, null, "(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}");
        if (type == "MESSAGE_TAG" && request["tag"] is null)
            return GraphError(400, 100, null, "(#100) Param tag is required when messaging_type is MESSAGE_TAG");

        var message = request["message"] as JsonObject;
        if (message is null || (message["text"] is null) == (message["attachment"] is null))
            return GraphError(400, 100, null, "(#100) Exactly one of text or attachment must be specified in message");
        if (message["text"] is { } text)
        {
            var s = text.GetValue<string>();
            if (s.Length == 0) return GraphError(400, 100, null, "(#100) Param message[text] must be a non-empty UTF-8 encoded string");
            if (s.EnumerateRunes().Count() > 1000) return GraphError(400, 100, null, "(#100) Length of param message[text] must be less than or equal to 1000");
            return null;
        }
        var attachment = message["attachment"]!;
        if (attachment["type"]?.GetValue<string>() is not ("image" or "video" or "audio" or "file"))
            return GraphError(400, 100, null, "(#100) Param message[attachment][type] must be one of {image, video, audio, file}");
        if (attachment["payload"]?["url"]?.GetValue<string>() is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out _))
            return GraphError(400, 100, null, "(#100) Param message[attachment][payload][url] must be a valid URL");
        return null;
    }

    /// <summary>Bearer header or <c>access_token</c> query parameter.</summary>
    private IResult? Authenticate(HttpContext http, out FakeInstagramAccount? account)
    {
        account = null;
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : http.Request.Query["access_token"].ToString();
        if (token.Length == 0)
            return GraphError(400, 2500, null, "An active access token must be used to query information about the current user.");
        if (_revoked.ContainsKey(token))
            return GraphError(400, 190, 460, "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.");
        account = _accounts.Values.FirstOrDefault(a => a.Token == token);
        return account is null ? GraphError(400, 190, null, "Invalid OAuth access token - Cannot parse access token") : null;
    }

    private static IResult NoSuchObject(string verb, string id) => GraphError(400, 100, 33,
        $"Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");

    private static IResult DownAnswer() => Results.Text("<html><body><h1>503 Service Unavailable</h1></body></html>", "text/html", statusCode: 503);

    internal static IResult GraphError(int status, int code, int? subcode, string message, bool transient = false)
    {
        var error = new JsonObject { ["message"] = message, ["type"] = "OAuthException", ["code"] = code };
        if (subcode is { } s) error["error_subcode"] = s;
        if (transient) error["is_transient"] = true;
        error["fbtrace_id"] = "A" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        return Results.Text(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", statusCode: status);
    }

    private IResult Record(HttpContext http, string body, IResult answer)
    {
        Record(http, body, answer is IStatusCodeHttpResult { StatusCode: { } s } ? s : 200, null);
        return answer;
    }

    private void Record(HttpContext http, string body, int status, string? messageId) =>
        _calls.Enqueue(new RecordedCall(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
            http.Request.Headers.Authorization.ToString(), body, status, messageId));

    private static string RandomDigits(int n) =>
        string.Concat(Enumerable.Range(0, n).Select(_ => RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture)));

    public async ValueTask DisposeAsync()
    {
        try { await Task.WhenAll(_echoes); }
        catch (HttpRequestException) { }
        _webhooks.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    private sealed record FakeMedia(byte[] Content, string ContentType, string Signature)
    {
        public volatile bool Expired;
    }
}

public sealed record FakeInstagramAccount(string Id, string Username, string Token);

/// <summary>One call the fake answered: <see cref="Status"/> 0 when it dropped the connection,
/// <see cref="MessageId"/> set when a send was accepted.</summary>
public sealed record RecordedCall(string Method, string Path, string Query, string Authorization, string Body, int Status, string? MessageId)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

public enum WebhookSignature
{
    Valid,
    Missing,
    /// <summary>HMAC with another secret.</summary>
    WrongSecret,
    /// <summary>HMAC with the right secret over other bytes (the body was changed on the way).</summary>
    OtherBody,
    Malformed,
}

public enum InstagramFailureKind
{
    Error,
    Unreachable,
}

/// <summary>A scripted answer of the Send API: Meta's error object with its HTTP status, or a dropped connection.</summary>
public sealed record InstagramFailure(InstagramFailureKind Kind, int Status, int Code, int? Subcode, string Message, bool Transient = false, int? RegainAccessMinutes = null)
{
    /// <summary>Code 613 (or 4: app-level) with the usage headers; <paramref name="regainMinutes"/> is
    /// <c>estimated_time_to_regain_access</c>.</summary>
    public static InstagramFailure Throttled(int code = 613, int regainMinutes = 0) => new(InstagramFailureKind.Error, 400, code, null,
        code == 4 ? "(#4) Application request limit reached" : $"(#{code}) Calls to this api have exceeded the rate limit.", RegainAccessMinutes: regainMinutes);

    public static InstagramFailure TokenExpired() => new(InstagramFailureKind.Error, 400, 190, 463,
        "Error validating access token: Session has expired on Thursday, 21-Nov-24 03:00:00 PST.");

    public static InstagramFailure OutsideWindow() => new(InstagramFailureKind.Error, 400, 10, 2534022, "(#10) This message is sent outside of allowed window.");

    public static InstagramFailure UserUnavailable() => new(InstagramFailureKind.Error, 400, 551, 1545041, "This person isn't available right now.");

    public static InstagramFailure ServiceUnavailable() => new(InstagramFailureKind.Error, 503, 2, null, "Service temporarily unavailable", Transient: true);

    public static InstagramFailure ConnectionDropped() => new(InstagramFailureKind.Unreachable, 0, 0, null, "");

    internal IResult ToResult(HttpContext http, string accountId)
    {
        if (RegainAccessMinutes is { } minutes)
        {
            http.Response.Headers["x-app-usage"] = """{"call_count":100,"total_cputime":12,"total_time":20}""";
            var usage = new JsonObject
            {
                [accountId] = new JsonArray(new JsonObject
                {
                    ["type"] = "instagram", ["call_count"] = 100, ["total_cputime"] = 12, ["total_time"] = 20,
                    ["estimated_time_to_regain_access"] = minutes,
                }),
            };
            http.Response.Headers["x-business-use-case-usage"] = usage.ToJsonString();
        }
        return FakeInstagram.GraphError(Status, Code, Subcode, Message, Transient);
    }
}
