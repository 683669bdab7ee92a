using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Omni.Tests.Infrastructure.Fakes;

/// <summary>Meta's Graph API for WhatsApp Cloud on 127.0.0.1, as /work/shared/reference/whatsapp-cloud.md
/// describes it: <c>POST /{version}/{phone-number-id}/messages</c> (Bearer token, <c>messaging_product</c>,
/// <c>to</c>/<c>type</c> checked, fresh <c>wamid.</c> ids, the 24-hour window enforced for free-form types),
/// <c>GET /{version}/{phone-number-id}</c>, <c>GET /{version}/{media-id}</c> with a short-lived URL back to this
/// server that serves the bytes only with the Bearer token, <c>DELETE /{version}/{media-id}</c>. Errors are
/// Graph error objects (throttling as status 400 without Retry-After); a test can queue canned errors per
/// endpoint, take the server down (connection refused, or 503 from a front end), and see every request it
/// received. Graph responses carry <c>x-fb-trace-id</c>, <c>x-fb-request-id</c> and
/// <c>x-business-use-case-usage</c>. <see cref="PostWebhookAsync"/> plays Meta calling our webhook.</summary>
public sealed class FakeWhatsApp : IAsyncDisposable
{
    public const string Version = "v23.0";

    private readonly ConcurrentDictionary<string, Number> _numbers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Media> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Endpoint, ConcurrentQueue<GraphFailure>> _failures = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<AcceptedMessage> _accepted = new();
    private readonly ConcurrentDictionary<(string Number, string WaId), DateTimeOffset> _lastInbound = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebApplication? _app;
    private volatile bool _answering503;

    private FakeWhatsApp()
    {
    }

    public enum Endpoint { Messages, PhoneNumber, MediaInfo, MediaDownload, MediaUpload }

    public enum Signature { Valid, Missing, Wrong }

    public int Port { get; private set; }

    /// <summary>What the API gets as <c>Omni:Providers:WhatsApp:BaseUrl</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/{Version}/";

    /// <summary>Free-form messages to a number that has not written in 24 hours fail with 131047, as on
    /// WhatsApp. Inbound messages count when this fake posted them (<see cref="PostWebhookAsync"/>) or a test
    /// said so (<see cref="CustomerWrote"/>).</summary>
    public bool EnforceWindow { get; set; } = true;

    /// <summary>Runs after a message is accepted (its wamid made) and before the 200 is written: a test can
    /// deliver a receipt for the message before the sender learns its id.</summary>
    public Func<AcceptedMessage, Task>? BeforeAnswering { get; set; }

    public IReadOnlyCollection<ReceivedRequest> Requests => _requests;

    /// <summary>Every message the fake accepted (answered with a wamid), in order.</summary>
    public IReadOnlyCollection<AcceptedMessage> Accepted => _accepted;

    public static async Task<FakeWhatsApp> StartAsync()
    {
        var fake = new FakeWhatsApp();
        await fake.ListenAsync(0);
        return fake;
    }

    /// <summary>A business phone number with its own token, app secret and verify token.</summary>
    public Number AddNumber(string? phoneNumberId = null, string? display = null)
    {
        var id = phoneNumberId ?? RandomDigits(15);
        var number = new Number(id, RandomDigits(15), "EAAG" + RandomToken(), display ?? "+1 555-" + RandomDigits(3) + "-" + RandomDigits(4),
            "Omni Test Co", RandomToken(), "verify-" + RandomToken());
        _numbers[id] = number;
        return number;
    }

    /// <summary>Makes <paramref name="number"/>'s token invalid from now on (190 on every call), as when a system user's token is revoked.</summary>
    public void RevokeToken(Number number) => _numbers[number.PhoneNumberId] = number with { AccessToken = "revoked-" + RandomToken() };

    /// <summary>Answers the next calls to <paramref name="endpoint"/> with these failures, in order.</summary>
    public void Fail(Endpoint endpoint, params GraphFailure[] failures)
    {
        var queue = _failures.GetOrAdd(endpoint, _ => new ConcurrentQueue<GraphFailure>());
        foreach (var f in failures) queue.Enqueue(f);
    }

    /// <summary>Media the number received; <paramref name="reportedSize"/>/<paramref name="reportedSha256"/>
    /// override what the lookup says (to test a lying or stale answer).</summary>
    public string AddMedia(Number owner, byte[] bytes, string mimeType, bool hexHash = true, string? reportedSize = null, string? reportedSha256 = null)
    {
        var id = RandomDigits(16);
        var hash = SHA256.HashData(bytes);
        _media[id] = new Media(id, owner.PhoneNumberId, bytes, mimeType, reportedSize ?? bytes.Length.ToString(CultureInfo.InvariantCulture),
            reportedSha256 ?? (hexHash ? Convert.ToHexStringLower(hash) : Convert.ToBase64String(hash)));
        return id;
    }

    /// <summary>A file a number uploaded (<c>POST /{phone-number-id}/media</c>): its bytes and declared type.</summary>
    public (byte[] Bytes, string MimeType)? Uploaded(string mediaId) =>
        _media.TryGetValue(mediaId, out var m) && m.Uploaded ? (m.Bytes, m.MimeType) : null;

    /// <summary>Base64 SHA-256, as webhooks carry it.</summary>
    public static string WebhookHash(byte[] bytes) => Convert.ToBase64String(SHA256.HashData(bytes));

    public void CustomerWrote(Number number, string waId, DateTimeOffset? at = null) => _lastInbound[(number.PhoneNumberId, waId)] = at ?? DateTimeOffset.UtcNow;

    /// <summary>Connection refused from now on (the port is closed) until <see cref="ComeBackAsync"/>.</summary>
    public async Task GoDownAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_app is null) return;
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>The front end answers 503 (no Graph error in the body) to every Graph call until <see cref="ComeBackAsync"/>.</summary>
    public void AnswerServiceUnavailable() => _answering503 = true;

    public async Task ComeBackAsync()
    {
        _answering503 = false;
        if (_app is null) await ListenAsync(Port);
    }

    /// <summary>Meta calling our webhook: POSTs <paramref name="json"/> exactly as given, with
    /// <c>X-Hub-Signature-256</c> over those bytes (or none, or a wrong one). Inbound messages in it open the
    /// 24-hour window of this fake.</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(Uri api, string json, string appSecret, Signature signature = Signature.Valid)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature != Signature.Missing)
        {
            var key = Encoding.UTF8.GetBytes(signature == Signature.Wrong ? appSecret + "-wrong" : appSecret);
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, bytes)));
        }
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        if (response.IsSuccessStatusCode && signature == Signature.Valid) RememberInbound(json);
        return response;
    }

    /// <summary>The signed webhook's response, asserting it was 200.</summary>
    public async Task DeliverAsync(Uri api, string json, Number number)
    {
        var response = await PostWebhookAsync(api, json, number.AppSecret);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _lifecycle.Dispose();
    }

    private async Task ListenAsync(int port)
    {
        await _lifecycle.WaitAsync();
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Use(RecordAndDecorateAsync);
            app.MapPost("/{version}/{numberId}/messages", SendMessageAsync);
            app.MapPost("/{version}/{numberId}/media", UploadMediaAsync).DisableAntiforgery();
            app.MapGet("/{version}/{id}", GetObjectAsync);
            app.MapDelete("/{version}/{id}", DeleteMedia);
            app.MapGet("/cdn/media/{id}", DownloadMedia);
            await app.StartAsync();
            _app = app;
            Port = new Uri(app.Urls.First()).Port;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task RecordAndDecorateAsync(HttpContext http, Func<Task> next)
    {
        http.Request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true)) body = await reader.ReadToEndAsync();
        http.Request.Body.Position = 0;

        var trace = "A" + RandomToken()[..22];
        var graph = http.Request.Path.StartsWithSegments("/" + Version);
        if (graph)
        {
            http.Response.Headers["x-fb-trace-id"] = trace;
            http.Response.Headers["x-fb-request-id"] = "A" + RandomToken()[..20];
            http.Response.Headers["x-business-use-case-usage"] =
                """{"102290129340398":[{"type":"whatsapp","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}""";
            http.Items["trace"] = trace;
        }
        if (graph && _answering503)
        {
            http.Response.StatusCode = 503;
            http.Response.ContentType = "text/html";
            await http.Response.WriteAsync("<html><body>Service Unavailable</body></html>");
        }
        else
        {
            await next();
        }
        _requests.Enqueue(new ReceivedRequest(http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "",
            http.Request.Headers.Authorization.ToString(), body, DateTimeOffset.UtcNow, http.Response.StatusCode));
    }

    private async Task<IResult> SendMessageAsync(HttpContext http, string version, string numberId)
    {
        if (Scripted(Endpoint.Messages, http) is { } failure) return failure;
        if (!_numbers.TryGetValue(numberId, out var number))
            return Error(http, 400, 100, "Unsupported post request. Object with ID '" + numberId + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", subcode: 33);
        if (!Authorized(http, number)) return InvalidToken(http);

        JsonObject body;
        try
        {
            body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())?.AsObject() ?? throw new JsonException();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Error(http, 400, 100, "(#100) Invalid parameter", details: "The request body is not a JSON object.");
        }
        if (body["messaging_product"]?.GetValue<string>() != "whatsapp")
            return Error(http, 400, 100, "(#100) The parameter messaging_product is required.", details: "messaging_product must be \"whatsapp\".");

        if (body["status"]?.GetValue<string>() == "read")
            return Results.Json(new JsonObject { ["success"] = true });

        var to = body["to"]?.GetValue<string>() ?? "";
        var digits = to.StartsWith('+') ? to[1..] : to;
        if (digits.Length is < 7 or > 15 || !digits.All(char.IsAsciiDigit))
            return Error(http, 400, 100, "(#100) Invalid parameter", details: "Parameter to is not a valid phone number.");
        var type = body["type"]?.GetValue<string>() ?? "text";
        if ((ValidateContent(type, body) ?? ValidateMediaId(numberId, type, body)) is { } problem)
            return Error(http, 400, 100, "(#100) Invalid parameter", details: problem);
        if (EnforceWindow && type != "template"
            && (!_lastInbound.TryGetValue((numberId, digits), out var last) || last < DateTimeOffset.UtcNow.AddHours(-24)))
            return Error(http, 400, 131047, "(#131047) Re-engagement message",
                details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");

        var wamid = "wamid." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        var accepted = new AcceptedMessage(wamid, numberId, digits, type, body.ToJsonString(), JsonDocument.Parse(body.ToJsonString()).RootElement.Clone());
        if (BeforeAnswering is { } hook) await hook(accepted);
        _accepted.Enqueue(accepted);
        return Results.Json(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = digits }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = wamid, ["message_status"] = "accepted" }),
        });
    }

    /// <summary>The Cloud API's upload: multipart with <c>messaging_product=whatsapp</c>, <c>type</c> (the MIME
    /// type) and <c>file</c>; answers the media id.</summary>
    private async Task<IResult> UploadMediaAsync(HttpContext http, string version, string numberId)
    {
        if (Scripted(Endpoint.MediaUpload, http) is { } failure) return failure;
        if (!_numbers.TryGetValue(numberId, out var number))
            return Error(http, 400, 100, "Unsupported post request. Object with ID '" + numberId + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", subcode: 33);
        if (!Authorized(http, number)) return InvalidToken(http);
        if (!http.Request.HasFormContentType) return Error(http, 400, 100, "(#100) Invalid parameter", details: "The upload must be multipart/form-data.");
        var form = await http.Request.ReadFormAsync();
        if (form["messaging_product"].ToString() != "whatsapp")
            return Error(http, 400, 100, "(#100) The parameter messaging_product is required.");
        if (form.Files.GetFile("file") is not { } file) return Error(http, 400, 100, "(#100) The parameter file is required.");
        var type = form["type"].ToString();
        if (type.Length == 0) return Error(http, 400, 100, "(#100) The parameter type is required.");
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes);
        var id = RandomDigits(16);
        _media[id] = new Media(id, numberId, bytes, type, bytes.Length.ToString(CultureInfo.InvariantCulture), Convert.ToHexStringLower(SHA256.HashData(bytes)), Uploaded: true);
        return Results.Json(new JsonObject { ["id"] = id });
    }

    private string? ValidateMediaId(string numberId, string type, JsonObject body) =>
        body[type]?["id"]?.GetValue<string>() is { } id && !(_media.TryGetValue(id, out var m) && m.Owner == numberId)
            ? $"{type}.id {id} is not media of this number." : null;

    private static string? ValidateContent(string type, JsonObject body)
    {
        var content = body[type] as JsonObject;
        switch (type)
        {
            case "text":
                return content?["body"]?.GetValue<string>() is { Length: > 0 and <= 4096 } ? null : "text.body is required (at most 4096 characters).";
            case "image" or "audio" or "video" or "document" or "sticker":
                if (content is null || (content["id"] is null && content["link"] is null)) return $"{type}.id or {type}.link is required.";
                if (content["link"]?.GetValue<string>() is { } link && !Uri.TryCreate(link, UriKind.Absolute, out _)) return $"{type}.link is not a URL.";
                if (type == "audio" && content["caption"] is not null) return "audio does not take a caption.";
                return null;
            case "template":
                return content?["name"]?.GetValue<string>() is { Length: > 0 } && content["language"]?["code"]?.GetValue<string>() is { Length: > 0 }
                    ? null : "template.name and template.language.code are required.";
            case "location" or "contacts" or "interactive" or "reaction":
                return body[type] is null ? $"{type} is required." : null;
            default:
                return $"type {type} is not supported.";
        }
    }

    private IResult GetObjectAsync(HttpContext http, string version, string id)
    {
        if (_numbers.TryGetValue(id, out var number))
        {
            if (Scripted(Endpoint.PhoneNumber, http) is { } failure) return failure;
            if (!Authorized(http, number)) return InvalidToken(http);
            return Results.Json(new JsonObject
            {
                ["verified_name"] = number.VerifiedName,
                ["display_phone_number"] = number.DisplayPhoneNumber,
                ["quality_rating"] = "GREEN",
                ["code_verification_status"] = "VERIFIED",
                ["id"] = number.PhoneNumberId,
            });
        }
        if (Scripted(Endpoint.MediaInfo, http) is { } mediaFailure) return mediaFailure;
        if (!_media.TryGetValue(id, out var media))
        {
            if (!_numbers.Values.Any(n => Authorized(http, n))) return InvalidToken(http);
            return Error(http, 400, 100, $"Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", subcode: 33);
        }
        if (!Authorized(http, _numbers[media.Owner])) return InvalidToken(http);
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        return Results.Json(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["url"] = $"http://127.0.0.1:{Port}/cdn/media/{id}?mid={id}&ext={expires}&hash=AT{RandomToken()[..16]}",
            ["mime_type"] = media.MimeType,
            ["sha256"] = media.Sha256,
            ["file_size"] = media.ReportedSize,
            ["id"] = id,
        });
    }

    private IResult DeleteMedia(HttpContext http, string version, string id)
    {
        if (!_media.TryGetValue(id, out var media)) return Error(http, 400, 100, $"Unsupported delete request. Object with ID '{id}' does not exist.", subcode: 33);
        if (!Authorized(http, _numbers[media.Owner])) return InvalidToken(http);
        _media.TryRemove(id, out _);
        return Results.Json(new JsonObject { ["success"] = true });
    }

    /// <summary>The CDN (lookaside.fbsbx.com): the file only with the owner's Bearer token and before the URL expired.</summary>
    private IResult DownloadMedia(HttpContext http, string id, long? ext)
    {
        if (Scripted(Endpoint.MediaDownload, http) is { } failure) return failure;
        if (!_media.TryGetValue(id, out var media) || !Authorized(http, _numbers[media.Owner]))
            return Results.Text("<html><body>Sorry, this content isn't available right now</body></html>", "text/html", statusCode: 404);
        if (ext is { } expires && DateTimeOffset.FromUnixTimeSeconds(expires) < DateTimeOffset.UtcNow)
            return Results.Text("URL signature expired", "text/plain", statusCode: 403);
        return Results.Bytes(media.Bytes, media.MimeType);
    }

    private IResult? Scripted(Endpoint endpoint, HttpContext http)
    {
        if (!_failures.TryGetValue(endpoint, out var queue) || !queue.TryDequeue(out var failure)) return null;
        if (failure.Code is not { } code) return Results.Text(failure.Title, "text/html", statusCode: failure.Status);
        return Error(http, failure.Status, code, failure.Title, failure.Details);
    }

    private static bool Authorized(HttpContext http, Number number) =>
        http.Request.Headers.Authorization.ToString() is var header
        && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..]), Encoding.UTF8.GetBytes(number.AccessToken));

    private static IResult InvalidToken(HttpContext http) =>
        Error(http, 401, 190, "Invalid OAuth access token - Cannot parse access token", type: "OAuthException");

    private static IResult Error(HttpContext http, int status, int code, string message, string? details = null, int? subcode = null, string type = "OAuthException")
    {
        var error = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code };
        if (subcode is not null) error["error_subcode"] = subcode;
        if (details is not null) error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        error["fbtrace_id"] = http.Items["trace"] as string ?? "A" + RandomToken()[..22];
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private void RememberInbound(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("entry", out var entries)) return;
        foreach (var entry in entries.EnumerateArray())
        {
            foreach (var change in entry.GetProperty("changes").EnumerateArray())
            {
                if (!change.TryGetProperty("value", out var value) || !value.TryGetProperty("messages", out var messages)) continue;
                var number = value.GetProperty("metadata").GetProperty("phone_number_id").GetString()!;
                foreach (var m in messages.EnumerateArray())
                    if (m.TryGetProperty("from", out var from)) _lastInbound[(number, from.GetString()!)] = DateTimeOffset.UtcNow;
            }
        }
    }

    private static string RandomDigits(int n) => string.Concat(Enumerable.Range(0, n).Select(i => (char)('0' + RandomNumberGenerator.GetInt32(i == 0 ? 1 : 0, 10))));

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A business phone number and the credentials a channel for it takes.</summary>
    public sealed record Number(string PhoneNumberId, string BusinessAccountId, string AccessToken, string DisplayPhoneNumber,
        string VerifiedName, string AppSecret, string VerifyToken)
    {
        /// <summary>The display number as Meta's webhook metadata writes it (digits only).</summary>
        public string DisplayDigits => new(DisplayPhoneNumber.Where(char.IsAsciiDigit).ToArray());

        public Dictionary<string, string> Credentials(string? accessToken = null) => new()
        {
            ["phone_number_id"] = PhoneNumberId,
            ["business_account_id"] = BusinessAccountId,
            ["access_token"] = accessToken ?? AccessToken,
            ["app_secret"] = AppSecret,
            ["verify_token"] = VerifyToken,
        };
    }

    public sealed record ReceivedRequest(string Method, string Path, string Query, string Authorization, string Body, DateTimeOffset At, int Status);

    /// <summary>A message the fake accepted, with the body it was sent as.</summary>
    public sealed record AcceptedMessage(string Wamid, string PhoneNumberId, string To, string Type, string RawBody, JsonElement Body);

    private sealed record Media(string Id, string Owner, byte[] Bytes, string MimeType, string ReportedSize, string Sha256, bool Uploaded = false);
}

/// <summary>A canned answer: a Graph error object (<see cref="Code"/>) with an HTTP status, or, without a
/// code, a bare status with an HTML body (a proxy or load balancer answering).</summary>
public sealed record GraphFailure(int Status, int? Code, string Title, string? Details = null)
{
    public static GraphFailure RateLimitHit => new(400, 130429, "(#130429) Rate limit hit",
        "Message failed to send because there were too many messages sent from this phone number in a short period of time");
    public static GraphFailure PairRateLimit => new(400, 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit",
        "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.");
    public static GraphFailure TooManyCalls => new(400, 4, "(#4) Application request limit reached");
    public static GraphFailure WabaRateLimit => new(400, 80007, "(#80007) Rate limit issues", "The WhatsApp Business Account has reached its rate limit.");
    public static GraphFailure SomethingWentWrong => new(500, 131000, "(#131000) Something went wrong", "Message failed to send due to an unknown error.");
    public static GraphFailure ServiceUnavailable => new(503, 131016, "(#131016) Service unavailable", "A service is temporarily unavailable.");
    public static GraphFailure Overloaded => new(503, 2, "(#2) Service temporarily unavailable");
    public static GraphFailure InvalidParameter => new(400, 100, "(#100) Invalid parameter", "Parameter value is not valid.");
    public static GraphFailure Undeliverable => new(400, 131026, "(#131026) Message Undeliverable", "Message failed to send because the recipient is not a WhatsApp user or has not accepted the terms.");
    public static GraphFailure ReEngagement => new(400, 131047, "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
    public static GraphFailure UnsupportedType => new(400, 131051, "(#131051) Unsupported message type", "Message type is not currently supported.");
    public static GraphFailure TemplateParamCount => new(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
        "body: number of localizable_params (1) does not match the expected number of params (2)");
    public static GraphFailure TemplateMissing => new(404, 132001, "(#132001) Template name does not exist in the translation",
        "template name (order_update) does not exist in en_US");
    public static GraphFailure AccountRestricted => new(403, 368, "(#368) Temporarily blocked for policies violations");
    public static GraphFailure AccountLocked => new(403, 131031, "(#131031) Business Account locked", "Account has been locked.");
    public static GraphFailure SpamRateLimit => new(400, 131048, "(#131048) Spam rate limit hit",
        "Message failed to send because there are restrictions on how many messages can be sent from this phone number.");
    public static GraphFailure TokenExpired => new(401, 190, "Error validating access token: Session has expired");
    public static GraphFailure Http(int status) => new(status, null, $"<html><body>{status}</body></html>");
}
