using Microsoft.Extensions.Logging;
using Npgsql;

namespace Omni.Platform.Database;

/// <summary>Applies <c>supabase/migrations/*.sql</c> in file-name order, each in its own transaction,
/// recording them in <c>supabase_migrations.schema_migrations</c> as the Supabase CLI does. An advisory
/// lock keeps two starting instances from migrating at once.</summary>
public static class MigrationRunner
{
    private const long LockKey = 0x0_6D_6E_69_6D_69_67; // "omnimig"

    public static async Task<IReadOnlyList<string>> ApplyAsync(
        string adminConnectionString, string migrationsDirectory, ILogger log, CancellationToken ct)
    {
        var files = Directory.GetFiles(migrationsDirectory, "*.sql").OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new InvalidOperationException($"No migrations found in {migrationsDirectory}");

        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        await ExecAsync(conn, null, """
            create schema if not exists supabase_migrations;
            create table if not exists supabase_migrations.schema_migrations (
              version text not null primary key, statements text[], name text);
            """, ct);
        await ExecAsync(conn, null, $"select pg_advisory_lock({LockKey})", ct);
        try
        {
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = new NpgsqlCommand("select version from supabase_migrations.schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            }

            var done = new List<string>();
            foreach (var file in files)
            {
                var (version, name) = Parse(Path.GetFileNameWithoutExtension(file));
                if (applied.Contains(version)) continue;

                var sql = await File.ReadAllTextAsync(file, ct);
                await using var tx = await conn.BeginTransactionAsync(ct);
                try
                {
                    await ExecAsync(conn, tx, sql, ct);
                    await using var record = new NpgsqlCommand(
                        "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)", conn, tx);
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    record.Parameters.Add(new NpgsqlParameter { Value = new[] { sql } });
                    await record.ExecuteNonQueryAsync(ct);
                    await tx.CommitAsync(ct);
                }
                catch (PostgresException e)
                {
                    throw new InvalidOperationException($"Migration {Path.GetFileName(file)} failed: {e.MessageText} ({e.SqlState})", e);
                }
                log.LogInformation("Applied migration {Migration}", Path.GetFileName(file));
                done.Add(version);
            }
            return done;
        }
        finally
        {
            await ExecAsync(conn, null, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    internal static (string Version, string Name) Parse(string fileName)
    {
        var cut = fileName.IndexOf('_', StringComparison.Ordinal);
        return cut > 0 ? (fileName[..cut], fileName[(cut + 1)..]) : (fileName, fileName);
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static string? FindDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var beside = Path.Combine(AppContext.BaseDirectory, "migrations");
        if (Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "supabase", "migrations");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
