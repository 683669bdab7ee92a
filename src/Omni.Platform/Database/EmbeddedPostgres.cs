using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Omni.Platform.Database;

/// <summary>A private Postgres cluster run from the machine's installed binaries: the API's embedded
/// default and the tests' throwaway database. It reuses a cluster that is already running and stops only
/// a server it started itself (see docs/adr/0003-embedded-postgres.md).</summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly string _binDir;

    public string ClusterDirectory { get; }
    public int Port { get; }
    public string SuperuserPassword { get; }
    public bool StartedHere { get; private set; }

    private EmbeddedPostgres(string binDir, string clusterDirectory, int port, string password, ILogger log)
    {
        _binDir = binDir;
        ClusterDirectory = clusterDirectory;
        Port = port;
        SuperuserPassword = password;
        _log = log;
    }

    public NpgsqlConnectionStringBuilder ConnectionString(string database = "postgres") => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ProcessRunner.PostgresUser,
        Password = SuperuserPassword,
        Database = database,
        Pooling = false,
    };

    /// <param name="clusterDirectory">Where the cluster lives; created with initdb when empty.</param>
    /// <param name="superuserPassword">Password of the cluster's <c>postgres</c> superuser.</param>
    /// <param name="durable">False for throwaway test clusters: fsync off.</param>
    public static async Task<EmbeddedPostgres> StartAsync(
        string clusterDirectory, string superuserPassword, bool durable, ILogger log, CancellationToken ct)
    {
        var binDir = FindBinDirectory();
        var dir = await UsableClusterDirectoryAsync(Path.GetFullPath(clusterDirectory), log, ct);

        if (!File.Exists(Path.Combine(dir, "PG_VERSION")))
            await InitAsync(binDir, dir, superuserPassword, durable, log, ct);

        var port = ReadPort(dir);
        var pg = new EmbeddedPostgres(binDir, dir, port, superuserPassword, log);
        if (await pg.IsRunningAsync(ct))
        {
            log.LogInformation("Reusing the Postgres cluster already running in {Directory} on port {Port}", dir, port);
        }
        else
        {
            await ProcessRunner.RunCheckedAsync(Path.Combine(binDir, "pg_ctl"),
                ["-D", dir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "start"], asPostgresUser: true, ct);
            pg.StartedHere = true;
            log.LogInformation("Started a Postgres cluster in {Directory} on port {Port}", dir, port);
        }
        await pg.WaitUntilAcceptingAsync(ct);
        return pg;
    }

    public async Task StopAsync()
    {
        if (!StartedHere) return;
        StartedHere = false;
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(_binDir, "pg_ctl"),
            ["-D", ClusterDirectory, "-m", "fast", "-w", "-t", "30", "stop"], asPostgresUser: true, CancellationToken.None);
        if (code == 0) _log.LogInformation("Stopped the Postgres cluster in {Directory}", ClusterDirectory);
        else _log.LogWarning("pg_ctl stop failed ({Code}): {Output}", code, output.Trim());
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Stops whatever server runs in <paramref name="clusterDirectory"/> (one left behind by a killed process).</summary>
    public static Task StopClusterAsync(string clusterDirectory) =>
        ProcessRunner.RunAsync(Path.Combine(FindBinDirectory(), "pg_ctl"), ["-D", clusterDirectory, "-m", "immediate", "-w", "-t", "30", "stop"],
            asPostgresUser: true, CancellationToken.None);

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(ClusterDirectory, "postmaster.pid"))) return false;
        var (code, _) = await ProcessRunner.RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", ClusterDirectory, "status"], asPostgresUser: true, ct);
        return code == 0;
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(ConnectionString().ConnectionString);
                await conn.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private static async Task InitAsync(string binDir, string dir, string password, bool durable, ILogger log, CancellationToken ct)
    {
        log.LogInformation("Creating a Postgres cluster in {Directory}", dir);
        // A folder without PG_VERSION is the remains of an initdb that did not finish: start over.
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
        var pwFile = Path.Combine(Path.GetTempPath(), $"omni-pg-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwFile, password, ct);
        await ChownToPostgresAsync(pwFile, ct);
        try
        {
            await ProcessRunner.RunCheckedAsync(Path.Combine(binDir, "initdb"),
                ["-D", dir, "-U", ProcessRunner.PostgresUser, "--pwfile", pwFile, "--auth-local=scram-sha-256",
                 "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C"], asPostgresUser: true, ct);
        }
        finally
        {
            File.Delete(pwFile);
        }

        var conf = new StringBuilder()
            .AppendLine()
            .AppendLine("# written by Omni's embedded default")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine($"port = {FreePort()}")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("shared_buffers = 128MB");
        // A test cluster serves many short-lived APIs and databases at once, each with its own pools.
        if (!durable)
            conf.AppendLine("max_connections = 500").AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        else
            conf.AppendLine("max_connections = 200");
        await File.AppendAllTextAsync(Path.Combine(dir, "postgresql.conf"), conf.ToString(), ct);
    }

    private static int ReadPort(string dir)
    {
        var port = 5432;
        foreach (var line in File.ReadLines(Path.Combine(dir, "postgresql.conf")))
        {
            var t = line.Trim();
            if (t.StartsWith("port", StringComparison.Ordinal) && t.Split('=', 2) is [_, var v]
                && int.TryParse(v.Split('#')[0].Trim(), out var p))
                port = p;
        }
        return port;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Creates the cluster folder; as root it must belong to <c>postgres</c> and be reachable by it.
    /// When the requested path sits under a folder that user cannot enter (e.g. /root), the cluster goes to
    /// a stable folder under /var/lib/omni instead.</summary>
    private static async Task<string> UsableClusterDirectoryAsync(string dir, ILogger log, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        if (!ProcessRunner.IsRoot || OperatingSystem.IsWindows()) return dir;

        var parent = Path.GetDirectoryName(dir)!;
        var (code, _) = await ProcessRunner.RunAsync("test", ["-x", parent], asPostgresUser: true, ct);
        if (code != 0)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dir)))[..12];
            var fallback = Path.Combine("/var/lib/omni", hash, "postgres");
            log.LogInformation("The postgres user cannot reach {Directory}; keeping the cluster in {Fallback}", dir, fallback);
            Directory.CreateDirectory(fallback);
            File.SetUnixFileMode(Path.GetDirectoryName(fallback)!, (UnixFileMode)0b111_101_101);
            dir = fallback;
        }
        await ChownToPostgresAsync(dir, ct);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    private static Task ChownToPostgresAsync(string path, CancellationToken ct) =>
        ProcessRunner.IsRoot
            ? ProcessRunner.RunCheckedAsync("chown", [$"{ProcessRunner.PostgresUser}:", path], asPostgresUser: false, ct)
            : Task.CompletedTask;

    internal static string FindBinDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("OMNI_PG_BINDIR");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "initdb"))) return fromEnv;

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(c => File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "postgres")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
            : [];
        var found = candidates.FirstOrDefault();
        if (found is not null) return found;

        foreach (var p in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(p, "postgres")) && File.Exists(Path.Combine(p, "pg_ctl"))) return p;
        }
        throw new InvalidOperationException(
            "No Postgres server binaries found (looked in OMNI_PG_BINDIR, /usr/lib/postgresql/*/bin and PATH). " +
            "Run scripts/setup.sh, or set DATABASE_URL to use an existing database.");
    }
}
