using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.Telegram;

/// <summary>A fake Telegram and an API pointed at it, on a database of their own (the API's job worker
/// must not take other tests' jobs, nor theirs this one's), plus a small web server for media URLs.</summary>
internal sealed class TelegramKit : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://omni.example.com/";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly WebApplication _media;
    private readonly Dictionary<string, (byte[] Bytes, string Type)> _files = [];

    private TelegramKit(FakeTelegram fake, TestApi api, WebApplication media)
    {
        Fake = fake;
        Api = api;
        _media = media;
    }

    public FakeTelegram Fake { get; }
    public TestApi Api { get; }
    public TestDatabase Db => Api.Database;
    public Uri ApiBase => Api.BaseAddress;

    public static async Task<TelegramKit> StartAsync(string purpose, IDictionary<string, string?>? settings = null)
    {
        var fake = await FakeTelegram.StartAsync();
        var db = await TestCluster.CreateDatabaseAsync($"omni_tg_{purpose}_{Guid.NewGuid():N}"[..Math.Min(63, 17 + purpose.Length)]);
        var all = new Dictionary<string, string?>
        {
            ["Omni:Providers:Telegram:BaseUrl"] = fake.BaseUrl,
            ["Omni:PublicBaseUrl"] = PublicBaseUrl,
            ["Omni:Http:FetchAllowHosts:0"] = "127.0.0.1",
            ["Omni:Jobs:PollInterval"] = "00:00:00.100",
            ["Omni:Jobs:BaseBackoff"] = "00:00:00.200",
            ["Omni:Jobs:MaxBackoff"] = "00:00:01",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var api = await TestApi.StartAsync(db, all);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var media = builder.Build();
        var kit = new TelegramKit(fake, api, media);
        media.MapGet("/media/{name}", (string name) =>
            kit._files.TryGetValue(name, out var f) ? Results.Bytes(f.Bytes, f.Type) : Results.NotFound());
        await media.StartAsync();
        return kit;
    }

    /// <summary>Serves <paramref name="bytes"/> at a URL the API may fetch (and Telegram would).</summary>
    public string HostMedia(string name, byte[] bytes, string type)
    {
        _files[name] = (bytes, type);
        return $"{_media.Urls.First().TrimEnd('/')}/media/{name}";
    }

    public async Task<(TestUser Owner, Guid Org, HttpClient Client)> NewOrgAsync()
    {
        var (owner, org) = await Api.NewOrgAsync();
        return (owner, org, Api.Client(owner.Token, org));
    }

    public static Task<HttpResponseMessage> CreateChannelAsync(HttpClient client, string botToken) =>
        client.PostAsJsonAsync("/api/v1/channels", new { type = "telegram", name = "Support bot", credentials = new { bot_token = botToken } });

    /// <summary>Connects the bot as a channel of the client's org and returns the channel's id.</summary>
    public async Task<Guid> ConnectAsync(HttpClient client, FakeBot bot)
    {
        var response = await CreateChannelAsync(client, bot.Token);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}\n{Api.RecentErrors()}");
        Assert.True(body.GetProperty("status").GetString() == "active", body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>Delivers the update and expects the 200 that means "recorded".</summary>
    public async Task DeliverAsync(FakeBot bot, System.Text.Json.Nodes.JsonObject update)
    {
        using var response = await Fake.DeliverAsync(bot, update, ApiBase);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Every recorded webhook of the channel is processed (without error) and no job is pending.</summary>
    public Task IdleAsync(Guid channelId) => EventuallyAsync(async () =>
        await CountAsync("select count(*) from channels.webhook_events where channel_id = $1 and processed_at is null", channelId) == 0
        && await CountAsync("select count(*) from omni.jobs where status in ('pending', 'running')") == 0,
        async () => $"jobs: {string.Join(", ", await QueryAsync("select type || '/' || status || ' ' || coalesce(last_error, '') from omni.jobs", r => r.GetString(0)))}");

    public sealed record StoredMessage(Guid Id, Guid ConversationId, string Direction, string Type, string? Content, string? ExternalId,
        string Status, string? ErrorCode, string? ErrorText, JsonElement Attributes);

    public Task<List<StoredMessage>> MessagesAsync(Guid channelId) => SelectMessagesAsync("channel_id = $1", channelId);

    public async Task<StoredMessage> MessageAsync(Guid messageId) => Assert.Single(await SelectMessagesAsync("id = $1", messageId));

    private Task<List<StoredMessage>> SelectMessagesAsync(string where, Guid id) => QueryAsync(
        $"select id, conversation_id, direction, type, content, external_id, status, error_code, error_text, content_attributes::text from messaging.messages where {where} order by sent_at, created_at",
        r => new StoredMessage(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
            JsonDocument.Parse(r.GetString(9)).RootElement.Clone()), id);

    /// <summary>Waits until the message is no longer queued and returns it.</summary>
    public async Task<StoredMessage> SettledAsync(Guid messageId)
    {
        await EventuallyAsync(async () => (await MessageAsync(messageId)).Status != "queued",
            async () => $"message: {await MessageAsync(messageId)}; jobs: {string.Join(", ", await QueryAsync("select type || '/' || status || ' ' || coalesce(last_error, '') from omni.jobs", r => r.GetString(0)))}");
        return await MessageAsync(messageId);
    }

    /// <summary>Queues a text to the contact through the API (202) and returns the message's id.</summary>
    public static async Task<Guid> SendTextAsync(HttpClient client, Guid channelId, string chatId, string text)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/channels/{channelId}/messages",
            new { contact_identifier = $"telegram:{chatId}", content = new { type = "text", text } });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {body}");
        return body.GetProperty("id").GetGuid();
    }

    public async Task<long> CountAsync(string sql, params object[] args) => Convert.ToInt64(await Db.AdminScalarAsync<object>(sql, args));

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Db.Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, Func<Task<string>> describe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Patience;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not so after {limit.TotalSeconds} s. {await describe()}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await _media.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
