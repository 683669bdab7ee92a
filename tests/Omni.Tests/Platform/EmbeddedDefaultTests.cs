using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>The API as a user runs it: a real process with no database configured, which starts its own
/// Postgres under the data folder, serves, and leaves no server behind when it stops.</summary>
public sealed class EmbeddedDefaultTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "omni-embedded-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task With_no_database_configured_the_api_runs_its_own_postgres_and_stops_it_on_shutdown()
    {
        var port = FreePort();
        var first = await ApiProcess.StartAsync(_dataDirectory, port);
        string token;
        try
        {
            Assert.Contains("Creating a Postgres cluster", first.Output, StringComparison.Ordinal);
            Assert.Contains("dev-token --email", first.Output, StringComparison.Ordinal);

            token = (await ApiProcess.RunVerbAsync(_dataDirectory, "dev-token", "--email", "first@example.com")).Trim();
            using var client = Client(port, token);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/orgs", new { name = "Kept" })).StatusCode);
            Assert.True(File.Exists(Path.Combine(_dataDirectory, "postgres", "postmaster.pid")));
        }
        finally
        {
            await first.StopAsync();
        }

        Assert.Equal(0, first.ExitCode);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "postgres", "postmaster.pid")), "the Postgres server outlived the API");

        var second = await ApiProcess.StartAsync(_dataDirectory, port);
        try
        {
            Assert.DoesNotContain("Creating a Postgres cluster", second.Output, StringComparison.Ordinal);
            using var client = Client(port, token);
            var orgs = await (await client.GetAsync("/api/v1/orgs")).ReadJsonAsync();
            Assert.Equal("Kept", Assert.Single(orgs.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task The_migrate_verb_records_each_migration_once_in_the_supabase_table()
    {
        var db = await TestCluster.CreateDatabaseAsync("omni_migrate_verb");
        var env = new Dictionary<string, string> { ["ConnectionStrings__Default"] = db.App, ["ConnectionStrings__Admin"] = db.Admin };
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "migrations"), "*.sql").Length;

        var output = await ApiProcess.RunVerbAsync(_dataDirectory, env, "migrate");
        await ApiProcess.RunVerbAsync(_dataDirectory, env, "migrate");

        Assert.Contains("up to date", output, StringComparison.Ordinal);
        Assert.Equal(files, await db.AdminScalarAsync<long>("select count(*) from supabase_migrations.schema_migrations"));
        Assert.Equal("platform", await db.AdminScalarAsync<string>("select name from supabase_migrations.schema_migrations where version = '20260101000100'"));
        Assert.False(await db.AdminScalarAsync<bool>("select rolsuper or rolbypassrls from pg_roles where rolname = 'omni_app'"));
    }

    private static HttpClient Client(int port, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    private sealed class ApiProcess
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private ApiProcess(Process process) => _process = process;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public int ExitCode => _process.ExitCode;

        public static async Task<ApiProcess> StartAsync(string dataDirectory, int port)
        {
            var api = new ApiProcess(Start(dataDirectory, new Dictionary<string, string>(), "--urls", $"http://127.0.0.1:{port}"));
            api._process.OutputDataReceived += (_, e) => { lock (api._output) api._output.AppendLine(e.Data); };
            api._process.ErrorDataReceived += (_, e) => { lock (api._output) api._output.AppendLine(e.Data); };
            api._process.BeginOutputReadLine();
            api._process.BeginErrorReadLine();

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline)
            {
                if (api._process.HasExited) throw new InvalidOperationException("The API exited: " + api.Output);
                try
                {
                    if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                    {
                        await Task.Delay(200); // let the start-up lines reach the output
                        return api;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(250);
            }
            await api.StopAsync();
            throw new TimeoutException("The API did not become ready: " + api.Output);
        }

        /// <summary>SIGTERM, as a service manager or Ctrl+C would stop it, then wait for a clean exit.</summary>
        public async Task StopAsync()
        {
            if (_process.HasExited) return;
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
        }

        public static Task<string> RunVerbAsync(string dataDirectory, params string[] args) =>
            RunVerbAsync(dataDirectory, new Dictionary<string, string>(), args);

        public static async Task<string> RunVerbAsync(string dataDirectory, IDictionary<string, string> env, params string[] args)
        {
            using var process = Start(dataDirectory, env, args);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await stderr);
            return await stdout;
        }

        private static Process Start(string dataDirectory, IDictionary<string, string> env, params string[] args)
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Omni.Api.dll"));
            foreach (var a in args) psi.ArgumentList.Add(a);
            foreach (var name in new[] { "DATABASE_URL", "ConnectionStrings__Default", "ConnectionStrings__Admin", "SUPABASE_URL", "SUPABASE_JWT_SECRET", "OMNI_ENCRYPTION_KEY", "ASPNETCORE_URLS" })
                psi.Environment.Remove(name);
            psi.Environment["Omni__DataDirectory"] = dataDirectory;
            foreach (var (k, v) in env) psi.Environment[k] = v;
            return Process.Start(psi)!;
        }
    }
}
