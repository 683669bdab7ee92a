using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omni.Tests.Infrastructure;
using Omni.Tests.Infrastructure.Fakes;
using Omni.Tracking.Conversions;

namespace Omni.Tests.Tracking.Conversions;

/// <summary>A test class's world: its own database (the shared API's worker would take these jobs and send them
/// nowhere), the fake Conversions API, the API pointed at it with fast job settings. Each test makes its own
/// org, source and pixel, so tests of a class share it safely.</summary>
public sealed class CapiKit : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public FakeConversionsApi Fake { get; private set; } = null!;
    public TestApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var database = await TestCluster.CreateDatabaseAsync("capi_" + Guid.NewGuid().ToString("N")[..12]);
        Fake = await FakeConversionsApi.StartAsync();
        Api = await TestApi.StartAsync(database, new Dictionary<string, string?>
        {
            ["Omni:Providers:MetaCapi:BaseUrl"] = Fake.BaseUrl,
            ["Omni:Jobs:PollInterval"] = "00:00:00.100",
            ["Omni:Jobs:BaseBackoff"] = "00:00:00.200",
            ["Omni:Jobs:MaxBackoff"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Fake.DisposeAsync();
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A new org whose owner drives the API, with a source forwarding to a new pixel of the fake
    /// (or, with <paramref name="token"/>, to that pixel with another token).</summary>
    public async Task<Site> NewSiteAsync(string? testEventCode = "TEST12345", string? token = null)
    {
        var (owner, org) = await Api.NewOrgAsync("Shop");
        var client = Api.Client(owner.Token, org);
        var pixel = Fake.AddPixel();
        var source = await CreateSourceAsync(client, pixel.Id, token ?? pixel.Token, testEventCode);
        return new Site(this, owner, org, client, pixel, source);
    }

    public async Task<Guid> CreateSourceAsync(HttpClient client, string? pixelId, string? token, string? testEventCode)
    {
        var response = await client.PostAsJsonAsync("/api/v1/tracking/sources",
            new { name = "Shop", allowed_origins = new[] { "https://shop.example.com" }, pixel_id = pixelId, capi_access_token = token, test_event_code = testEventCode });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}\n{Api.RecentErrors()}");
        return body.GetProperty("id").GetGuid();
    }

    public async Task<List<Row>> RowsAsync(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Api.Database.Admin);
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

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string failure, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{failure} (after {Patience.TotalSeconds} s). {(describe is null ? "" : await describe())}");
            await Task.Delay(50);
        }
    }

    /// <summary>A row read as the admin, by column name.</summary>
    public sealed class Row : Dictionary<string, object?>
    {
        public string? Str(string column) => this[column] as string;

        public int Int(string column) => (int)this[column]!;

        public override string ToString() => string.Join(", ", this.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    /// <summary>One org with a source forwarding to one pixel of the fake.</summary>
    public sealed record Site(CapiKit Kit, TestUser Owner, Guid OrgId, HttpClient Client, FakeConversionsApi.Pixel Pixel, Guid SourceId)
    {
        public const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";

        /// <summary>Stores a tracked event as the intake would (as the admin: the intake is not part of this
        /// branch) and answers its row id.</summary>
        public async Task<Guid> TrackAsync(string eventId, string type = "page", string name = "Home", DateTimeOffset? at = null,
            Guid? contactId = null, string? anonymousId = null, string properties = "{}", string context = "{}",
            string? url = "https://shop.example.com/", string? ip = "203.0.113.7", string? userAgent = UserAgent, Guid? sourceId = null)
        {
            var id = Guid.CreateVersion7();
            await Kit.Api.Database.AdminExecAsync("""
                insert into tracking.events (id, org_id, source_id, event_id, type, name, anonymous_id, contact_id, properties, context, url, ip, user_agent, occurred_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12::inet, $13, $14)
                """, id, OrgId, sourceId ?? SourceId, eventId, type, name, (object?)anonymousId ?? DBNull.Value, (object?)contactId ?? DBNull.Value,
                properties, context, (object?)url ?? DBNull.Value, (object?)ip ?? DBNull.Value, (object?)userAgent ?? DBNull.Value,
                (at ?? DateTimeOffset.UtcNow.AddMinutes(-1)).UtcDateTime);
            return id;
        }

        /// <summary>What the intake does after storing events: queue them, in a transaction of the org's system work.</summary>
        public Task EnqueueAsync(params Guid[] eventRowIds) => EnqueueForAsync(SourceId, eventRowIds);

        public Task EnqueueForAsync(Guid sourceId, params Guid[] eventRowIds) =>
            Kit.Api.RunAsync(OrgId, sp => sp.GetRequiredService<CapiOutbox>().EnqueueAsync(sourceId, eventRowIds, CancellationToken.None));

        public Task<List<Row>> DeliveriesAsync() =>
            Kit.RowsAsync("select * from tracking.capi_deliveries where org_id = $1 order by created_at, id", OrgId);

        public async Task<Row> DeliveryAsync(string eventId) =>
            (await Kit.RowsAsync("select * from tracking.capi_deliveries where org_id = $1 and event_id = $2", OrgId, eventId)).Single();

        /// <summary>Waits until no delivery of this org is pending and no job of this org is waiting or running.</summary>
        public Task SettledAsync() =>
            EventuallyAsync(async () =>
                    (await Kit.RowsAsync("select 1 from tracking.capi_deliveries where org_id = $1 and status = 'pending'", OrgId)).Count == 0
                    && (await Kit.RowsAsync("select 1 from omni.jobs where org_id = $1 and (status = 'running' or (status = 'pending' and run_at <= now()))", OrgId)).Count == 0,
                "deliveries or due jobs still pending", DescribeAsync);

        public async Task<string> DescribeAsync()
        {
            var jobs = await Kit.RowsAsync("select type, status, attempts, last_error from omni.jobs where org_id = $1 order by created_at", OrgId);
            var deliveries = await DeliveriesAsync();
            return $"jobs: {string.Join("; ", jobs)}\ndeliveries: {string.Join("; ", deliveries.Select(d => $"{d["event_id"]} {d["status"]} {d["attempts"]} {d["error_code"]} {d["last_error"]}"))}\n"
                + string.Join('\n', Kit.Api.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(8));
        }
    }
}
