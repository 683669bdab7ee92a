using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Instagram;

/// <summary>One fake Instagram and one API pointed at it, per test class (each test makes its own org,
/// account and channel): attachments up to <see cref="MaxMediaBytes"/>, fetches from 127.0.0.1 allowed,
/// jobs polled quickly. Each on a database of its own: every API runs a job worker, and a worker of an API
/// pointed elsewhere (another fake, or the real Graph API) must never pick up this API's sends.</summary>
public class InstagramFixture : IAsyncLifetime
{
    public const long MaxMediaBytes = 256 * 1024;

    public FakeInstagram Fake { get; private set; } = null!;

    /// <summary>Where Instagram is told to fetch our signed media links from ("" for an API without one).</summary>
    protected virtual string PublicBaseUrl => "https://omni.example.com";
    public TestApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fake = await FakeInstagram.StartAsync();
        var database = await TestCluster.CreateDatabaseAsync($"omni_ig_{Guid.NewGuid():N}"[..24]);
        Api = await TestApi.StartAsync(database, new Dictionary<string, string?>
        {
            ["Omni:Providers:Instagram:BaseUrl"] = Fake.GraphUrl,
            ["Omni:PublicBaseUrl"] = PublicBaseUrl,
            ["Omni:Http:FetchAllowHosts:0"] = "127.0.0.1",
            ["Omni:Media:MaxBytes"] = MaxMediaBytes.ToString(CultureInfo.InvariantCulture),
            ["Omni:Jobs:PollInterval"] = "00:00:00.100",
            ["Omni:Jobs:BaseBackoff"] = "00:00:00.200",
        });
        Fake.WebhookUrl = new Uri(Api.BaseAddress, "/webhooks/instagram");
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Fake.DisposeAsync();
    }
}

/// <summary>A connected Instagram channel of a new org, and the fake account behind it.</summary>
public sealed record InstagramChannel(TestUser Owner, Guid OrgId, FakeInstagramAccount Account, Guid Id, string VerifyToken);

public sealed record MessageRow(
    Guid Id, Guid ConversationId, string Direction, string Type, string? Content, string SenderType, string Status,
    string? ExternalId, string? ErrorCode, string? ErrorText, DateTimeOffset SentAt, JsonElement Attributes);

public sealed record AttachmentRow(Guid MessageId, string Kind, string Status, string? MimeType, long? SizeBytes, string? StorageKey, string? SourceRef, string? Error);

internal static class InstagramKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static Dictionary<string, object> ChannelBody(FakeInstagramAccount account, string appSecret, string verifyToken, string? token = null) => new()
    {
        ["type"] = "instagram",
        ["name"] = "Shop on Instagram",
        ["credentials"] = new Dictionary<string, string>
        {
            ["page_id"] = account.Id,
            ["access_token"] = token ?? account.Token,
            ["app_secret"] = appSecret,
            ["verify_token"] = verifyToken,
        },
    };

    /// <summary>A new org with a new Instagram account connected as a channel (signed with the fake's app secret).</summary>
    public static async Task<InstagramChannel> ConnectChannelAsync(this InstagramFixture f)
    {
        var (owner, org) = await f.Api.NewOrgAsync();
        var account = f.Fake.AddAccount();
        var verify = "verify-" + Guid.NewGuid().ToString("N");
        using var client = f.Api.Client(owner.Token, org);
        var response = await client.PostAsJsonAsync("/api/v1/channels", ChannelBody(account, f.Fake.AppSecret, verify));
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        Assert.Equal("active", body.GetProperty("status").GetString());
        return new InstagramChannel(owner, org, account, body.GetProperty("id").GetGuid(), verify);
    }

    /// <summary>A contact (new IGSID unless given) writes a text; returns once it is stored.</summary>
    public static async Task<(string Igsid, Guid ConversationId, string Mid)> ContactWritesAsync(
        this InstagramFixture f, InstagramChannel channel, string text = "Hi! Is the blue one in stock?", DateTimeOffset? at = null, string? igsid = null)
    {
        igsid ??= InstagramEvents.NewIgsid();
        var mid = InstagramEvents.NewMid();
        var response = await f.Fake.DeliverAsync(InstagramEvents.Envelope(channel.Account.Id, InstagramEvents.Text(channel.Account.Id, igsid, text, mid, at)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await f.EventuallyAsync(() => f.MessageByExternalIdAsync(channel.Id, mid), "the inbound message to be stored");
        return (igsid, message.ConversationId, mid);
    }

    public static async Task<HttpResponseMessage> SendAsync(this InstagramFixture f, InstagramChannel channel, Guid conversationId, object body)
    {
        using var client = f.Api.Client(channel.Owner.Token, channel.OrgId);
        return await client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", body);
    }

    /// <summary>Queues a message (202) and returns its id.</summary>
    public static async Task<Guid> QueueAsync(this InstagramFixture f, InstagramChannel channel, Guid conversationId, object body)
    {
        var response = await f.SendAsync(channel, conversationId, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, json.ToString());
        return json.GetProperty("id").GetGuid();
    }

    /// <summary>Waits for the message to leave <c>queued</c>.</summary>
    public static Task<MessageRow> SettledAsync(this InstagramFixture f, Guid messageId) =>
        f.EventuallyAsync(async () => await f.MessageAsync(messageId) is { Status: not "queued" } m ? m : null, "the message to be sent or failed");

    public static IReadOnlyList<RecordedCall> SendsFor(this InstagramFixture f, InstagramChannel channel) =>
        [.. f.Fake.SendCalls.Where(c => c.Path == $"/{FakeInstagram.Version}/{channel.Account.Id}/messages")];

    public static async Task<T> EventuallyAsync<T>(this InstagramFixture f, Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline)
            {
                var jobs = await f.ListAsync(
                    "select type || ' ' || status || ' attempts ' || attempts || ': ' || coalesce(last_error, '') from omni.jobs where status <> 'succeeded' order by created_at desc limit 5",
                    r => r.GetString(0));
                var calls = f.Fake.Calls.TakeLast(5).Select(c => $"{c.Method} {c.Path} -> {c.Status}");
                Assert.Fail($"Waited {(timeout ?? Patience).TotalSeconds} s for {what}.\nUnfinished jobs:\n{string.Join('\n', jobs)}\n"
                    + $"Last calls to the fake:\n{string.Join('\n', calls)}\n{f.Api.RecentErrors()}");
            }
            await Task.Delay(50);
        }
    }

    public static Task EventuallyAsync(this InstagramFixture f, Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        f.EventuallyAsync(async () => await condition() ? "yes" : null, what, timeout);

    /// <summary>Waits until every webhook recorded for the channel was processed, and checks there were <paramref name="count"/>.</summary>
    public static async Task WebhooksProcessedAsync(this InstagramFixture f, Guid channelId, int count)
    {
        await f.EventuallyAsync(async () => await f.CountAsync(
            "select count(*) from channels.webhook_events where channel_id = $1 and processed_at is not null", channelId) >= count,
            $"{count} webhooks to be processed");
        Assert.Equal(count, await f.CountAsync("select count(*) from channels.webhook_events where channel_id = $1", channelId));
        var errors = await f.ListAsync("select error from channels.webhook_events where channel_id = $1 and error is not null", r => r.GetString(0), channelId);
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    public static async Task<long> CountAsync(this InstagramFixture f, string sql, params object[] args) =>
        await f.Api.Database.AdminScalarAsync<long>(sql, args);

    public static async Task<MessageRow?> MessageAsync(this InstagramFixture f, Guid id) =>
        (await f.MessagesWhereAsync("m.id = $1", id)).SingleOrDefault();

    public static async Task<MessageRow?> MessageByExternalIdAsync(this InstagramFixture f, Guid channelId, string externalId) =>
        (await f.MessagesWhereAsync("m.channel_id = $1 and m.external_id = $2", channelId, externalId)).SingleOrDefault();

    public static Task<List<MessageRow>> MessagesAsync(this InstagramFixture f, Guid channelId) => f.MessagesWhereAsync("m.channel_id = $1", channelId);

    public static Task<List<AttachmentRow>> AttachmentsAsync(this InstagramFixture f, Guid messageId) => f.ListAsync(
        "select message_id, kind, status, mime_type, size_bytes, storage_key, source_ref, error from messaging.attachments where message_id = $1 order by created_at",
        r => new AttachmentRow(r.GetGuid(0), r.GetString(1), r.GetString(2), Str(r, 3), r.IsDBNull(4) ? null : r.GetInt64(4), Str(r, 5), Str(r, 6), Str(r, 7)),
        messageId);

    private static Task<List<MessageRow>> MessagesWhereAsync(this InstagramFixture f, string where, params object[] args) => f.ListAsync($"""
        select m.id, m.conversation_id, m.direction, m.type, m.content, m.sender_type, m.status, m.external_id, m.error_code, m.error_text,
               m.sent_at, m.content_attributes::text
        from messaging.messages m where {where} order by m.sent_at, m.created_at
        """,
        r => new MessageRow(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), Str(r, 4), r.GetString(5), r.GetString(6), Str(r, 7),
            Str(r, 8), Str(r, 9), r.GetFieldValue<DateTimeOffset>(10), JsonDocument.Parse(r.GetString(11)).RootElement.Clone()),
        args);

    public static async Task<List<T>> ListAsync<T>(this InstagramFixture f, string sql, Func<NpgsqlDataReader, T> read, params object[] args)
    {
        await using var conn = new NpgsqlConnection(f.Api.Database.Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
