using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Omni.Tests.Infrastructure.Fakes;

/// <summary>The Telegram Bot API on 127.0.0.1, speaking its wire format (shared/reference/telegram-bot.md):
/// <c>/bot{token}/{method}</c> (method names case-insensitive; JSON, form, multipart or query parameters;
/// <c>{"ok":...}</c> envelopes whose HTTP status is the <c>error_code</c>), files at
/// <c>/file/bot{token}/{file_path}</c>. An unknown or revoked token is 401 <c>Unauthorized</c>, a malformed
/// one 404 <c>Not Found</c>. Bots, their chats and their files are made by the test; errors are scripted
/// per bot (429 with <c>retry_after</c> and <c>Retry-After</c>, 5xx) or follow from the chat (403 blocked or
/// kicked, 400 chat not found, 400 with <c>migrate_to_chat_id</c>); <see cref="Down"/> makes every call a
/// gateway's 502. Every call is recorded. As Telegram's webhook sender, it POSTs updates to the registered
/// URL's path on the API under test, with the registered secret header, without it, or with a wrong one.</summary>
public sealed partial class FakeTelegram : IAsyncDisposable
{
    public const long MaxDownloadBytes = 20L * 1024 * 1024;
    public const long MaxPhotoUploadBytes = 10L * 1024 * 1024;
    public const long MaxUploadBytes = 50L * 1024 * 1024;

    private static readonly HashSet<int> WebhookPorts = [80, 88, 443, 8443];
    private readonly ConcurrentDictionary<string, FakeBot> _bots = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly HttpClient _sender = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebApplication? _app;
    private long _nextBotId = 7_000_000_000 + Random.Shared.Next(1_000_000);

    private FakeTelegram()
    {
    }

    /// <summary>What the API gets as <c>Omni:Providers:Telegram:BaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>While true, every call (files too) gets the 502 HTML page of a gateway whose backend is gone
    /// (the calls are still recorded).</summary>
    public bool Down { get; set; }

    /// <summary>Every Bot API call received, in order (file downloads are recorded with method <c>file</c>).</summary>
    public IReadOnlyCollection<FakeRequest> Requests => _requests;

    public IReadOnlyList<FakeRequest> RequestsOf(FakeBot bot, string? method = null) =>
        _requests.Where(r => r.Token == bot.Token && (method is null || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))).ToList();

    public static async Task<FakeTelegram> StartAsync()
    {
        var fake = new FakeTelegram();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxUploadBytes + 1024 * 1024);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapMethods("/bot{token}/{method}", ["GET", "POST"], fake.HandleAsync);
        app.MapGet("/file/bot{token}/{**path}", fake.Download);
        await app.StartAsync();
        fake._app = app;
        fake.BaseUrl = app.Urls.First().TrimEnd('/') + "/";
        return fake;
    }

    /// <summary>A new bot, as BotFather makes one: <c>&lt;id&gt;:&lt;35 characters&gt;</c>.</summary>
    public FakeBot AddBot(string? username = null)
    {
        var id = Interlocked.Increment(ref _nextBotId);
        var secret = "AA" + Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray())
            .Replace('+', '-').Replace('/', '_').TrimEnd('=')[..33];
        var bot = new FakeBot(id, $"{id}:{secret}", username ?? $"omni_test_{id}_bot");
        _bots[bot.Token] = bot;
        return bot;
    }

    public enum Secret { Registered, Missing, Wrong }

    /// <summary>Delivers an update as Telegram does: a POST of its JSON to the path of the bot's registered
    /// webhook URL, on <paramref name="api"/> (the URL's host is the public one, which tests cannot reach).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(FakeBot bot, JsonObject update, Uri api, Secret secret = Secret.Registered)
    {
        var registered = new Uri(bot.WebhookUrl ?? throw new InvalidOperationException($"bot {bot.Id} has no webhook"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api, registered.PathAndQuery))
        {
            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (secret == Secret.Registered && bot.WebhookSecret is { } token) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", token);
        if (secret == Secret.Wrong) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "wrong" + bot.WebhookSecret?[5..]);
        return await _sender.SendAsync(request);
    }

    /// <summary>Delivers until a 2xx, as Telegram retries: delays doubling from <paramref name="firstDelay"/>,
    /// or the <c>Retry-After</c> of our answer when it gives one. Returns the statuses seen.</summary>
    public async Task<List<int>> DeliverWithRetriesAsync(FakeBot bot, JsonObject update, Uri api, int attempts, TimeSpan firstDelay)
    {
        var statuses = new List<int>();
        var delay = firstDelay;
        for (var i = 0; i < attempts; i++)
        {
            using var response = await DeliverAsync(bot, update, api);
            statuses.Add((int)response.StatusCode);
            if (response.IsSuccessStatusCode) break;
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? delay);
            delay *= 2;
        }
        return statuses;
    }

    private async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        var parameters = await ReadParametersAsync(http.Request);
        _requests.Enqueue(new FakeRequest(token, method, parameters.Values, parameters.Files.Keys.ToList(), DateTimeOffset.UtcNow));
        if (Down) return BadGateway();
        if (!TokenPattern().IsMatch(token)) return Error(404, "Not Found");
        if (!_bots.TryGetValue(token, out var bot) || bot.Revoked) return Error(401, "Unauthorized");

        var name = method.ToLowerInvariant();
        if (name.StartsWith("send", StringComparison.Ordinal) && bot.NextScriptedFailure() is { } failure)
            return Error(failure.Status, failure.Description, failure.RetryAfter, failure.MigrateTo);
        return name switch
        {
            "getme" => Ok(bot.UserJson()),
            "setwebhook" => SetWebhook(bot, parameters),
            "deletewebhook" => DeleteWebhook(bot),
            "getwebhookinfo" => Ok(new JsonObject
            {
                ["url"] = bot.WebhookUrl ?? "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0,
                ["max_connections"] = bot.WebhookUrl is null ? null : 40, ["allowed_updates"] = bot.AllowedUpdates?.DeepClone(),
            }),
            "getupdates" => bot.WebhookUrl is null
                ? Ok(new JsonArray())
                : Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"),
            "sendmessage" => SendMessage(bot, parameters),
            "sendphoto" => SendMedia(bot, parameters, "photo"),
            "senddocument" => SendMedia(bot, parameters, "document"),
            "sendaudio" => SendMedia(bot, parameters, "audio"),
            "sendvideo" => SendMedia(bot, parameters, "video"),
            "sendvoice" => SendMedia(bot, parameters, "voice"),
            "sendlocation" => SendLocation(bot, parameters),
            "getfile" => GetFile(bot, parameters),
            _ => Error(404, "Not Found"),
        };
    }

    private IResult Download(HttpContext http, string token, string path)
    {
        _requests.Enqueue(new FakeRequest(token, "file", new JsonObject { ["file_path"] = path }, [], DateTimeOffset.UtcNow));
        if (Down) return BadGateway();
        if (!_bots.TryGetValue(token, out var bot) || bot.Revoked) return Error(401, "Unauthorized");
        var file = bot.Files.Values.FirstOrDefault(f => f.Path == path);
        return file?.Bytes is null ? Error(404, "Not Found") : Results.Bytes(file.Bytes, "application/octet-stream");
    }

    /// <summary>What a gateway whose backend is gone answers: HTML, not the Bot API's envelope.</summary>
    private static IResult BadGateway() => Results.Content(
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.18.0</center></body></html>",
        "text/html", Encoding.UTF8, 502);

    private static IResult SetWebhook(FakeBot bot, Parameters p)
    {
        var url = p.String("url");
        if (url is null) return Error(400, "Bad Request: bad webhook: URL must be provided for webhook");
        if (url.Length == 0) return DeleteWebhook(bot);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "https")
            return Error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        if (!WebhookPorts.Contains(uri.Port)) return Error(400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
        var secret = p.String("secret_token");
        if (secret is not null && !SecretPattern().IsMatch(secret)) return Error(400, "Bad Request: secret token contains unallowed characters");
        bot.WebhookUrl = url;
        bot.WebhookSecret = secret;
        if (p.Node("allowed_updates") is JsonArray updates) bot.AllowedUpdates = (JsonArray)updates.DeepClone();
        bot.DropPendingUpdates = p.Bool("drop_pending_updates");
        return Ok(true, "Webhook was set");
    }

    private static IResult DeleteWebhook(FakeBot bot)
    {
        var had = bot.WebhookUrl is not null;
        bot.WebhookUrl = null;
        bot.WebhookSecret = null;
        return Ok(true, had ? "Webhook was deleted" : "Webhook is already deleted");
    }

    private static IResult SendMessage(FakeBot bot, Parameters p)
    {
        if (Chat(bot, p) is not { } chat) return ChatError(bot, p);
        var text = p.String("text");
        if (string.IsNullOrEmpty(text)) return Error(400, "Bad Request: message text is empty");
        if (text.Length > 4096) return Error(400, "Bad Request: message is too long");
        if (CheckCommon(chat, p) is { } refused) return refused;
        var message = bot.NewMessage(chat, from: null);
        message["text"] = text;
        return Sent(bot, chat, message, "sendMessage", p);
    }

    private static IResult SendMedia(FakeBot bot, Parameters p, string field)
    {
        if (Chat(bot, p) is not { } chat) return ChatError(bot, p);
        if (CheckCommon(chat, p) is { } refused) return refused;
        FakeFile file;
        if (p.Files.TryGetValue(field, out var upload))
        {
            var limit = field == "photo" ? MaxPhotoUploadBytes : MaxUploadBytes;
            if (upload.Bytes.Length > limit) return Error(413, "Request Entity Too Large");
            file = bot.AddFile(upload.Bytes, field == "photo" ? "photos" : field + "s", Extension(upload.FileName), declaredSize: null);
            file.FileName = upload.FileName;
            file.MimeType = upload.ContentType;
        }
        else if (p.String(field) is { Length: > 0 } reference)
        {
            if (bot.Files.TryGetValue(reference, out var known)) file = known;
            else if (!Uri.TryCreate(reference, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                return Error(400, "Bad Request: wrong file identifier/HTTP URL specified");
            else if (field == "document" && Extension(url.AbsolutePath) is not (".pdf" or ".gif" or ".zip"))
                return Error(400, "Bad Request: wrong type of the web page content");
            else
                file = bot.AddFile(Encoding.UTF8.GetBytes("fetched:" + reference), field == "photo" ? "photos" : field + "s", Extension(url.AbsolutePath), declaredSize: null, sourceUrl: reference);
        }
        else
        {
            return Error(400, $"Bad Request: there is no {field} in the request");
        }

        var message = bot.NewMessage(chat, from: null);
        message[field] = field == "photo" ? PhotoSizes(bot, file) : file.ToJson();
        if (p.String("caption") is { Length: > 0 } caption) message["caption"] = caption;
        return Sent(bot, chat, message, "send" + char.ToUpperInvariant(field[0]) + field[1..], p, file);
    }

    private static IResult SendLocation(FakeBot bot, Parameters p)
    {
        if (Chat(bot, p) is not { } chat) return ChatError(bot, p);
        if (CheckCommon(chat, p) is { } refused) return refused;
        if (p.Double("latitude") is not { } latitude || p.Double("longitude") is not { } longitude) return Error(400, "Bad Request: wrong latitude or longitude");
        var message = bot.NewMessage(chat, from: null);
        message["location"] = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude };
        return Sent(bot, chat, message, "sendLocation", p);
    }

    private static IResult GetFile(FakeBot bot, Parameters p)
    {
        if (p.String("file_id") is not { } id || !bot.Files.TryGetValue(id, out var file)) return Error(400, "Bad Request: invalid file_id");
        if (file.Size > MaxDownloadBytes) return Error(400, "Bad Request: file is too big");
        return Ok(new JsonObject { ["file_id"] = file.FileId, ["file_unique_id"] = file.UniqueId, ["file_size"] = file.Size, ["file_path"] = file.Path });
    }

    private static FakeChat? Chat(FakeBot bot, Parameters p) =>
        p.String("chat_id") is { } raw && long.TryParse(raw, CultureInfo.InvariantCulture, out var id) && bot.Chats.TryGetValue(id, out var chat) ? chat : null;

    private static IResult ChatError(FakeBot bot, Parameters p)
    {
        var raw = p.String("chat_id");
        if (string.IsNullOrEmpty(raw)) return Error(400, "Bad Request: chat_id is empty");
        return Error(400, "Bad Request: chat not found");
    }

    /// <summary>What every send checks once the chat is known: blocked, kicked, migrated, caption, parse mode, reply.</summary>
    private static IResult? CheckCommon(FakeChat chat, Parameters p)
    {
        if (chat.MigratedTo is { } to) return Error(400, "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: to);
        if (chat.BotBlocked) return Error(403, chat.Type == "private" ? "Forbidden: bot was blocked by the user" : $"Forbidden: bot was kicked from the {chat.Type} chat");
        if (p.String("caption") is { Length: > 1024 }) return Error(400, "Bad Request: message caption is too long");
        if (p.String("parse_mode") is { } mode && mode is not ("HTML" or "MarkdownV2" or "Markdown")) return Error(400, "Bad Request: unsupported parse_mode");
        if (p.Node("reply_parameters") is JsonObject reply && reply["message_id"]?.GetValue<long>() is { } replyTo
            && replyTo >= chat.LastMessageId + 1 && reply["allow_sending_without_reply"]?.GetValue<bool>() != true)
            return Error(400, "Bad Request: message to be replied not found");
        return null;
    }

    private static IResult Sent(FakeBot bot, FakeChat chat, JsonObject message, string method, Parameters p, FakeFile? file = null)
    {
        if (p.Node("reply_parameters") is JsonObject reply && reply["message_id"] is { } replyTo)
            message["reply_to_message"] = new JsonObject { ["message_id"] = replyTo.DeepClone(), ["chat"] = chat.ToJson(), ["date"] = Now() };
        bot.Sent.Enqueue(new FakeSent(chat.Id, message["message_id"]!.GetValue<long>(), method, p.String("text"), p.String("caption"), file,
            (p.Node("reply_parameters") as JsonObject)?["message_id"]?.GetValue<long>(), DateTimeOffset.UtcNow));
        return Ok(message);
    }

    private static JsonArray PhotoSizes(FakeBot bot, FakeFile largest)
    {
        var small = bot.AddFile(new byte[90], "photos", ".jpg", declaredSize: null);
        var medium = bot.AddFile(new byte[320], "photos", ".jpg", declaredSize: null);
        return new JsonArray(small.ToPhotoSize(90, 67), medium.ToPhotoSize(320, 240), largest.ToPhotoSize(1280, 960));
    }

    private static string Extension(string? name) => Path.GetExtension(name ?? "").ToLowerInvariant() is { Length: > 0 } e ? e : ".bin";

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static IResult Ok(JsonNode result, string? description = null)
    {
        var body = new JsonObject { ["ok"] = true, ["result"] = result };
        if (description is not null) body["description"] = description;
        return Results.Content(body.ToJsonString(), "application/json", Encoding.UTF8, 200);
    }

    private static IResult Error(int code, string description, int? retryAfter = null, long? migrateTo = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is not null || migrateTo is not null)
        {
            var parameters = new JsonObject();
            if (retryAfter is { } r) parameters["retry_after"] = r;
            if (migrateTo is { } m) parameters["migrate_to_chat_id"] = m;
            body["parameters"] = parameters;
        }
        return new EnvelopeResult(code, body.ToJsonString(), retryAfter);
    }

    private sealed class EnvelopeResult(int status, string json, int? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (retryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync(json);
        }
    }

    /// <summary>Query string, then the body (JSON, url-encoded form or multipart), as Telegram merges them.</summary>
    private static async Task<Parameters> ReadParametersAsync(HttpRequest request)
    {
        var values = new JsonObject();
        var files = new Dictionary<string, FakeUpload>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query) values[key] = value.ToString();
        if (request.HasJsonContentType())
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            if (text.Length > 0 && JsonNode.Parse(text) is JsonObject json)
                foreach (var (key, value) in json) values[key] = value?.DeepClone();
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) values[key] = value.ToString();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                files[file.Name] = new FakeUpload(buffer.ToArray(), file.FileName, file.ContentType);
            }
        }
        return new Parameters(values, files);
    }

    public async ValueTask DisposeAsync()
    {
        _sender.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    [GeneratedRegex(@"^\d+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();

    /// <summary>A method's parameters however they came; form and query values are strings that may hold JSON.</summary>
    private sealed record Parameters(JsonObject Values, Dictionary<string, FakeUpload> Files)
    {
        public JsonNode? Node(string key)
        {
            var node = Values[key];
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { } s && s.TrimStart().StartsWith('{' ) | s.TrimStart().StartsWith('['))
                return JsonNode.Parse(s);
            return node;
        }

        public string? String(string key) => Values[key] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            var other => other.ToJsonString(),
        };

        public bool Bool(string key) => String(key) is "true" or "True" or "1";

        public double? Double(string key) => double.TryParse(String(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}

public sealed record FakeUpload(byte[] Bytes, string FileName, string? ContentType);

/// <summary>One call to the fake: the token from its path, the method, and its parameters (uploaded file parts by name).</summary>
public sealed record FakeRequest(string Token, string Method, JsonObject Parameters, IReadOnlyList<string> FileFields, DateTimeOffset At);

/// <summary>A message the bot sent.</summary>
public sealed record FakeSent(long ChatId, long MessageId, string Method, string? Text, string? Caption, FakeFile? File, long? ReplyTo, DateTimeOffset At);

/// <summary>A scripted answer to the next send call.</summary>
public sealed record FakeFailure(int Status, string Description, int? RetryAfter = null, long? MigrateTo = null)
{
    public static FakeFailure TooManyRequests(int retryAfter) => new(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);

    public static FakeFailure InternalServerError { get; } = new(500, "Internal Server Error");

    public static FakeFailure BadGateway { get; } = new(502, "Bad Gateway");
}

public sealed class FakeFile(string fileId, string uniqueId, string path, byte[]? bytes, long size)
{
    public string FileId { get; } = fileId;
    public string UniqueId { get; } = uniqueId;
    public string Path { get; } = path;
    public byte[]? Bytes { get; } = bytes;
    public long Size { get; } = size;
    public string? FileName { get; set; }
    public string? MimeType { get; set; }
    public string? SourceUrl { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["file_id"] = FileId, ["file_unique_id"] = UniqueId, ["file_size"] = Size };
        if (FileName is not null) json["file_name"] = FileName;
        if (MimeType is not null) json["mime_type"] = MimeType;
        return json;
    }

    public JsonObject ToPhotoSize(int width, int height) =>
        new() { ["file_id"] = FileId, ["file_unique_id"] = UniqueId, ["file_size"] = Size, ["width"] = width, ["height"] = height };
}

/// <summary>A private chat (its id is the user's) or a group (negative id; supergroups look like -100...).</summary>
public sealed class FakeChat(long id, string type, string? firstName, string? lastName, string? username, string? title)
{
    private long _lastMessageId;

    public long Id { get; } = id;
    public string Type { get; } = type;
    public string? FirstName { get; } = firstName;
    public string? LastName { get; } = lastName;
    public string? Username { get; } = username;
    public string? Title { get; } = title;

    /// <summary>The user blocked the bot (private) or removed it (group): sends get 403.</summary>
    public bool BotBlocked { get; set; }

    /// <summary>The group became this supergroup: sends get 400 with <c>migrate_to_chat_id</c>.</summary>
    public long? MigratedTo { get; set; }

    public long LastMessageId => Interlocked.Read(ref _lastMessageId);

    /// <summary>Message ids are per chat and shared by both directions.</summary>
    public long NextMessageId() => Interlocked.Increment(ref _lastMessageId);

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id, ["type"] = Type };
        if (Title is not null) json["title"] = Title;
        if (FirstName is not null) json["first_name"] = FirstName;
        if (LastName is not null) json["last_name"] = LastName;
        if (Username is not null) json["username"] = Username;
        return json;
    }

    public JsonObject UserJson()
    {
        var json = new JsonObject { ["id"] = Id, ["is_bot"] = false, ["first_name"] = FirstName ?? "User" };
        if (LastName is not null) json["last_name"] = LastName;
        if (Username is not null) json["username"] = Username;
        json["language_code"] = "pt-br";
        return json;
    }
}

/// <summary>One bot: its token, webhook registration, chats, files, scripted failures, sent messages, and
/// builders for the updates Telegram would deliver for it.</summary>
public sealed class FakeBot(long id, string token, string username)
{
    private readonly ConcurrentQueue<FakeFailure> _failures = new();
    private long _nextUpdateId = 731_284_000 + Random.Shared.Next(1000);
    private long _nextFile;

    public long Id { get; } = id;
    public string Token { get; } = token;
    public string Username { get; } = username;
    public string FirstName => "Omni Test Bot";

    /// <summary>The token was revoked with BotFather: every call gets 401.</summary>
    public bool Revoked { get; set; }

    public string? WebhookUrl { get; internal set; }
    public string? WebhookSecret { get; internal set; }
    public JsonArray? AllowedUpdates { get; internal set; }
    public bool DropPendingUpdates { get; internal set; }

    public ConcurrentDictionary<long, FakeChat> Chats { get; } = new();
    public ConcurrentDictionary<string, FakeFile> Files { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<FakeSent> Sent { get; } = new();

    /// <summary>The next send calls get these answers, one each, in order.</summary>
    public void FailNextSends(params FakeFailure[] failures)
    {
        foreach (var f in failures) _failures.Enqueue(f);
    }

    internal FakeFailure? NextScriptedFailure() => _failures.TryDequeue(out var f) ? f : null;

    /// <summary>A user who has started the bot (so the bot may write to them).</summary>
    public FakeChat PrivateChat(string firstName = "Ana", string? lastName = "Silva", string? username = null)
    {
        var id = 900_000_000L + Random.Shared.NextInt64(99_999_999);
        return Chats[id] = new FakeChat(id, "private", firstName, lastName, username ?? $"user{id}", null);
    }

    /// <summary>A group the bot is in: supergroups have 64-bit negative ids (-100...).</summary>
    public FakeChat Group(string title = "Support Group", string type = "supergroup")
    {
        var id = type == "supergroup" ? -1_001_000_000_000L - Random.Shared.NextInt64(999_999_999) : -Random.Shared.NextInt64(100_000, 999_999_999);
        return Chats[id] = new FakeChat(id, type, null, null, null, title);
    }

    public FakeFile AddFile(byte[] bytes, string folder, string extension, long? declaredSize, string? sourceUrl = null)
    {
        var n = Interlocked.Increment(ref _nextFile);
        var fileId = $"AgACAgEAAxkBAAI{Id}{n}" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..16];
        var file = new FakeFile(fileId, $"AQAD{n}{Id % 1000}", $"{folder}/file_{n}{extension}", bytes, declaredSize ?? bytes.Length) { SourceUrl = sourceUrl };
        Files[fileId] = file;
        return file;
    }

    public JsonObject UserJson() => new() { ["id"] = Id, ["is_bot"] = true, ["first_name"] = FirstName, ["username"] = Username,
        ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false };

    internal JsonObject NewMessage(FakeChat chat, FakeChat? from)
    {
        var message = new JsonObject { ["message_id"] = chat.NextMessageId() };
        message["from"] = from is null ? UserJson() : from.UserJson();
        message["chat"] = chat.ToJson();
        message["date"] = FakeTelegram.Now();
        return message;
    }

    private JsonObject Update(string kind, JsonNode payload) => new() { ["update_id"] = Interlocked.Increment(ref _nextUpdateId), [kind] = payload };

    /// <summary>A message from the chat's user (or, in a group, from <paramref name="from"/>).</summary>
    public JsonObject Message(FakeChat chat, Action<JsonObject> content, FakeChat? from = null, long? replyTo = null)
    {
        var message = NewMessage(chat, from ?? (chat.Type == "private" ? chat : throw new ArgumentException("a group message needs its author", nameof(from))));
        if (replyTo is { } r) message["reply_to_message"] = new JsonObject { ["message_id"] = r, ["chat"] = chat.ToJson(), ["date"] = FakeTelegram.Now() };
        content(message);
        return Update("message", message);
    }

    public JsonObject Text(FakeChat chat, string text, FakeChat? from = null, long? replyTo = null) =>
        Message(chat, m =>
        {
            m["text"] = text;
            if (text.StartsWith('/')) m["entities"] = new JsonArray(new JsonObject { ["offset"] = 0, ["length"] = text.Split(' ')[0].Length, ["type"] = "bot_command" });
        }, from, replyTo);

    /// <summary>A photo in its three sizes, smallest first; the largest holds <paramref name="bytes"/>.</summary>
    public JsonObject Photo(FakeChat chat, byte[] bytes, string? caption = null, FakeChat? from = null) =>
        Message(chat, m =>
        {
            var small = AddFile(bytes[..Math.Min(bytes.Length, 90)], "photos", ".jpg", null);
            var medium = AddFile(bytes[..Math.Min(bytes.Length, 320)], "photos", ".jpg", null);
            var large = AddFile(bytes, "photos", ".jpg", null);
            m["photo"] = new JsonArray(small.ToPhotoSize(90, 67), medium.ToPhotoSize(320, 240), large.ToPhotoSize(1280, 960));
            if (caption is not null) m["caption"] = caption;
        }, from);

    public JsonObject Document(FakeChat chat, byte[] bytes, string fileName, string mimeType, string? caption = null, long? declaredSize = null) =>
        Message(chat, m =>
        {
            var file = AddFile(bytes, "documents", Path.GetExtension(fileName), declaredSize);
            file.FileName = fileName;
            file.MimeType = mimeType;
            m["document"] = file.ToJson();
            if (caption is not null) m["caption"] = caption;
        });

    public JsonObject Voice(FakeChat chat, byte[] bytes, int seconds = 4) =>
        Message(chat, m =>
        {
            var file = AddFile(bytes, "voice", ".oga", null);
            file.MimeType = "audio/ogg";
            var json = file.ToJson();
            json["duration"] = seconds;
            m["voice"] = json;
        });

    public JsonObject Location(FakeChat chat, double latitude, double longitude) =>
        Message(chat, m => m["location"] = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude });

    /// <summary>The user edited a message they sent earlier.</summary>
    public JsonObject Edited(FakeChat chat, long messageId, string newText) => Update("edited_message", new JsonObject
    {
        ["message_id"] = messageId, ["from"] = chat.UserJson(), ["chat"] = chat.ToJson(),
        ["date"] = FakeTelegram.Now() - 60, ["edit_date"] = FakeTelegram.Now(), ["text"] = newText,
    });

    public JsonObject CallbackQuery(FakeChat chat, string data) => Update("callback_query", new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString("N")[..18], ["from"] = chat.UserJson(), ["chat_instance"] = "-5391234567890",
        ["data"] = data,
    });

    public JsonObject ChannelPost(FakeChat channel, string text) => Update("channel_post", new JsonObject
    {
        ["message_id"] = channel.NextMessageId(), ["sender_chat"] = channel.ToJson(), ["chat"] = channel.ToJson(), ["date"] = FakeTelegram.Now(), ["text"] = text,
    });

    /// <summary>An update of a type newer than our code (it must be ignored, not fail).</summary>
    public JsonObject Unknown(string kind = "message_reaction") => Update(kind, new JsonObject { ["chat"] = new JsonObject { ["id"] = 1, ["type"] = "private" }, ["date"] = FakeTelegram.Now() });
}
