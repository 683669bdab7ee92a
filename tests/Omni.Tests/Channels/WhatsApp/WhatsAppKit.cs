using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;

namespace Omni.Tests.Channels.WhatsApp;

/// <summary>One test's world: its own database (a worker on a shared one would take other tests' jobs and
/// send them to the wrong fake), the fake Graph API, the API pointed at it with fast job settings, and an
/// org whose owner drives the API.</summary>
public sealed class WhatsAppKit : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private WhatsAppKit(TestDatabase database, FakeWhatsApp fake, TestApi api, TestUser owner, Guid orgId)
    {
        Database = database;
        Fake = fake;
        Api = api;
        Owner = owner;
        OrgId = orgId;
        Client = api.Client(owner.Token, orgId);
    }

    public TestDatabase Database { get; }
    public FakeWhatsApp Fake { get; }
    public TestApi Api { get; }
    public TestUser Owner { get; }
    public Guid OrgId { get; }
    public HttpClient Client { get; }

    public static async Task<WhatsAppKit> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var database = await TestCluster.CreateDatabaseAsync("wa_" + Guid.NewGuid().ToString("N")[..12]);
        var fake = await FakeWhatsApp.StartAsync();
        var api = await TestApi.StartAsync(database, Settings(fake, settings));
        var (owner, org) = await api.NewOrgAsync("WhatsApp org");
        return new WhatsAppKit(database, fake, api, owner, org);
    }

    /// <summary>The API settings every WhatsApp test uses: the fake as Graph API, its media host allowed, fast jobs.</summary>
    public static Dictionary<string, string?> Settings(FakeWhatsApp fake, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Omni:Providers:WhatsApp:BaseUrl"] = fake.BaseUrl,
            ["Omni:PublicBaseUrl"] = "https://omni.example.com",
            ["Omni:Http:FetchAllowHosts:0"] = "127.0.0.1",
            ["Omni:Jobs:PollInterval"] = "00:00:00.100",
            ["Omni:Jobs:BaseBackoff"] = "00:00:00.200",
            ["Omni:Jobs:MaxBackoff"] = "00:00:01",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return settings;
    }

    /// <summary>A new number on the fake, connected as a WhatsApp channel of this org.</summary>
    public async Task<(Guid ChannelId, FakeWhatsApp.Number Number)> ConnectAsync(FakeWhatsApp.Number? number = null, HttpClient? client = null)
    {
        number ??= Fake.AddNumber();
        var response = await (client ?? Client).PostAsJsonAsync("/api/v1/channels", new { type = "whatsapp", name = "Support line", credentials = number.Credentials() });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}\n{Api.RecentErrors()}");
        return (body.GetProperty("id").GetGuid(), number);
    }

    /// <summary>A customer writes in (so the 24-hour window is open); returns the conversation once stored.</summary>
    public async Task<Guid> ConversationWithAsync(Guid channelId, FakeWhatsApp.Number number, string waId, string text = "Hi there")
    {
        var wamid = WhatsAppWebhooks.NewWamid();
        await Fake.DeliverAsync(Api.BaseAddress, WhatsAppWebhooks.Messages(number, waId, "Customer " + waId, WhatsAppWebhooks.Text(waId, text, wamid)), number);
        await EventuallyAsync(async () => await CountAsync("select count(*) from messaging.messages where external_id = $1", wamid) == 1, "the inbound message was not stored", DescribeAsync);
        return await Database.AdminScalarAsync<Guid>("select conversation_id from messaging.messages where external_id = $1", wamid);
    }

    /// <summary>Queues an agent's message in a conversation (202 expected); returns the response.</summary>
    public async Task<JsonElement> SendAsync(Guid conversationId, object body, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        var response = await Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {json}\n{Api.RecentErrors()}");
        return json;
    }

    public async Task<Row> MessageAsync(Guid id) =>
        (await RowsAsync("select * from messaging.messages where id = $1", id)).Single();

    /// <summary>Waits for a message to reach one of <paramref name="statuses"/>.</summary>
    public async Task<Row> MessageReachesAsync(Guid id, params IReadOnlyList<string> statuses)
    {
        await EventuallyAsync(async () => statuses.Contains((await MessageAsync(id)).Str("status")), $"message {id} never reached {string.Join("/", statuses)}",
            async () => (await MessageAsync(id)).ToString());
        return await MessageAsync(id);
    }

    /// <summary>The jobs, unprocessed webhooks and recent warnings, for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        var jobs = await RowsAsync("select type, status, attempts, last_error from omni.jobs order by created_at");
        var webhooks = await RowsAsync("select processed_at, error from channels.webhook_events");
        return $"jobs: {string.Join("; ", jobs.Select(j => j.ToString()))}\nwebhooks: {string.Join("; ", webhooks.Select(w => w.ToString()))}\n"
            + string.Join('\n', Api.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(8));
    }

    public Task<long> CountAsync(string sql, params object[] args) => Database.AdminScalarAsync<long>(sql, args);

    public async Task<List<Row>> RowsAsync(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Database.Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            var row = new Row();
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (every test API runs a job worker).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string failure, Func<Task<string>>? describe = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{failure} (after {(timeout ?? Patience).TotalSeconds} s). {(describe is null ? "" : await describe())}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until every job of the database is finished (none pending or running).</summary>
    public Task JobsSettledAsync() =>
        EventuallyAsync(async () => await CountAsync("select count(*) from omni.jobs where status in ('pending', 'running')") == 0, "jobs still pending",
            async () => string.Join("; ", (await RowsAsync("select type, status, attempts, last_error from omni.jobs where status in ('pending', 'running')")).Select(r => r.ToString())));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        await Fake.DisposeAsync();
    }

    /// <summary>A row read as the admin, by column name.</summary>
    public sealed class Row : Dictionary<string, object?>
    {
        public string? Str(string column) => this[column] as string;

        public Guid Id(string column = "id") => (Guid)this[column]!;

        public JsonElement Json(string column) => JsonDocument.Parse((string)this[column]!).RootElement.Clone();

        public override string ToString() => string.Join(", ", this.Select(kv => $"{kv.Key}={kv.Value}"));
    }
}
