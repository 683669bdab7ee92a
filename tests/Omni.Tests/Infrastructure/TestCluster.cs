using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Omni.Platform.Database;

namespace Omni.Tests.Infrastructure;

/// <summary>The Postgres server the tests run against: a throwaway cluster started from the installed
/// binaries (fsync off), or the server named by <c>OMNI_TEST_ADMIN_URL</c> (a superuser URL). Each test
/// database is created on it with the API's non-superuser login role, then migrated.</summary>
public static class TestCluster
{
    public const string AppRole = "omni_app";
    public const string AppPassword = "omni-test-app-password";

    private static readonly Lazy<Task<NpgsqlConnectionStringBuilder>> Server = new(StartAsync);
    // Roles are cluster-wide but the migrations' advisory lock is per database: databases are set up one at a time.
    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static EmbeddedPostgres? _embedded;
    private static string? _root;

    public static async Task<TestDatabase> CreateDatabaseAsync(string name)
    {
        var superuser = await Server.Value;
        await Creating.WaitAsync();
        try
        {
            var (app, admin) = await DatabaseSetup.CreateDatabaseAndAppRoleAsync(superuser, name, AppRole, AppPassword, CancellationToken.None);
            var migrations = MigrationRunner.FindDirectory(null) ?? throw new InvalidOperationException("migrations not copied to the test output");
            await MigrationRunner.ApplyAsync(admin, migrations, NullLogger.Instance, CancellationToken.None);
            await DatabaseSetup.GrantRequestRolesAsync(admin, AppRole, CancellationToken.None);
            return new TestDatabase(name, ShortLivedIdle(app), ShortLivedIdle(admin));
        }
        finally
        {
            Creating.Release();
        }
    }

    /// <summary>Tests make many databases, each with pools: idle connections are closed within seconds so
    /// finished tests do not hold the server's connection slots.</summary>
    private static string ShortLivedIdle(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1 }.ConnectionString;

    private static async Task<NpgsqlConnectionStringBuilder> StartAsync()
    {
        var url = Environment.GetEnvironmentVariable("OMNI_TEST_ADMIN_URL");
        if (!string.IsNullOrEmpty(url))
            return new NpgsqlConnectionStringBuilder(ConnectionStrings.Normalize(url));

        await ReapAbandonedClustersAsync();
        _root = Path.Combine(Path.GetTempPath(), $"omni-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(_root);
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        _embedded = await EmbeddedPostgres.StartAsync(Path.Combine(_root, "postgres"), "omni-test-superuser", durable: false,
            NullLogger.Instance, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        return _embedded.ConnectionString();
    }

    /// <summary>A test run that was killed cannot stop its cluster; the next run stops and removes the
    /// clusters of test processes that no longer exist.</summary>
    private static async Task ReapAbandonedClustersAsync()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "omni-tests-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || Directory.Exists($"/proc/{pid}")) continue;
            var cluster = Path.Combine(dir, "postgres");
            if (File.Exists(Path.Combine(cluster, "postmaster.pid")))
                await EmbeddedPostgres.StopClusterAsync(cluster);
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static void Stop()
    {
        _embedded?.StopAsync().GetAwaiter().GetResult();
        try
        {
            if (_root is not null) Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A migrated database: <see cref="App"/> logs in as the API's non-superuser role,
/// <see cref="Admin"/> as the superuser (only for arranging and inspecting, never for the code under test).</summary>
public sealed record TestDatabase(string Name, string App, string Admin)
{
    private static readonly Lazy<Task<TestDatabase>> SharedDatabase = new(() => TestCluster.CreateDatabaseAsync("omni_test"));

    public static Task<TestDatabase> Shared => SharedDatabase.Value;

    public async Task<T> AdminScalarAsync<T>(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task AdminExecAsync(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<List<T>> AdminQueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
