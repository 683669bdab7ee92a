using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omni.Api;

namespace Omni.Tests.Infrastructure;

/// <summary>The real API on Kestrel at 127.0.0.1:&lt;free port&gt;, configured like production except for
/// its database (a test database, as the non-superuser role), its secrets and quieter logs.</summary>
public sealed class TestApi : IAsyncDisposable
{
    public const string EncryptionKey = "q83vEjRWeJq8mDT7QxbE7k0z8DoK1qHyM5dgAQv0c3E=";

    private static readonly Lazy<Task<TestApi>> SharedApi = new(async () =>
    {
        var api = await StartAsync(await TestDatabase.Shared);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => api.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return api;
    });

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private TestApi(WebApplication app, TestDatabase database, string dataDirectory, LogCapture logs, EventCapture events)
    {
        LogEvents = events;
        _app = app;
        _dataDirectory = dataDirectory;
        Database = database;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.First());
    }

    /// <summary>One API shared by the tests that need nothing special (each test makes its own orgs).</summary>
    public static Task<TestApi> Shared => SharedApi.Value;

    public Uri BaseAddress { get; }
    public TestDatabase Database { get; }
    public IServiceProvider Services => _app.Services;
    public LogCapture Logs { get; }

    /// <summary>The structured Serilog events (with their properties, e.g. RequestId).</summary>
    public EventCapture LogEvents { get; }

    public static async Task<TestApi> StartAsync(
        TestDatabase database,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "omni-test-data-" + Guid.NewGuid().ToString("N"));
        var config = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Default"] = database.App,
            ["ConnectionStrings:Admin"] = database.Admin,
            ["Omni:Database:ApplyMigrations"] = "false",
            ["Omni:DataDirectory"] = dataDirectory,
            ["SUPABASE_JWT_SECRET"] = TestTokens.Secret,
            ["OMNI_ENCRYPTION_KEY"] = EncryptionKey,
            ["Omni:RateLimiting:Enabled"] = "false",
            ["Omni:Jobs:PollInterval"] = "00:00:00.200",
            ["Omni:Jobs:BaseBackoff"] = "00:00:00.200",
            ["Omni:Cors:Origins:0"] = "https://app.example.com",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) config[k] = v;

        var logs = new LogCapture();
        var events = new EventCapture();
        var app = await OmniApp.BuildAsync([],
            b =>
            {
                b.Configuration.AddInMemoryCollection(config);
                b.Services.AddSingleton<Serilog.Core.ILogEventSink>(events);
            },
            b =>
            {
                b.Logging.AddProvider(logs);
                TestHandlers.Register(b.Services);
                services?.Invoke(b.Services);
            });
        await app.StartAsync();
        return new TestApi(app, database, dataDirectory, logs, events);
    }

    /// <summary>The API's error log lines, for assertion messages.</summary>
    public string RecentErrors() => string.Join('\n', Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(5));

    public HttpClient Client(string? token = null, Guid? orgId = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (orgId is not null) client.DefaultRequestHeaders.Add("X-Org-Id", orgId.ToString());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}

/// <summary>Every log line the API wrote, for tests that check what reaches the logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>Serilog events as the platform's logger produced them.</summary>
public sealed class EventCapture : Serilog.Core.ILogEventSink
{
    private readonly ConcurrentQueue<Serilog.Events.LogEvent> _events = new();

    public IReadOnlyCollection<Serilog.Events.LogEvent> Events => _events;

    public void Emit(Serilog.Events.LogEvent logEvent) => _events.Enqueue(logEvent);
}
