using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omni.Platform.Hosting;

namespace Omni.Platform.Database;

/// <summary>What the API connects with: the app's login role (never a superuser in the embedded default)
/// and the admin connection that applies migrations.</summary>
public sealed record DatabaseEndpoints(string App, string Admin, EmbeddedPostgres? Embedded);

/// <summary>Start-up of the database: a configured connection string wins; with none, the embedded
/// default starts (or reuses) a private cluster under the data directory and creates the API's
/// non-superuser login role. Then migrations are applied and the app role gets the request roles.</summary>
public static class DatabaseSetup
{
    public const string AppRole = "omni_app";
    public const string Database = "omni";

    public static async Task<DatabaseEndpoints> PrepareAsync(IConfiguration config, string dataDirectory, ILogger log, CancellationToken ct)
    {
        var app = ConnectionStrings.Normalize(config.GetConnectionString("Default") ?? config["DATABASE_URL"]);
        var admin = ConnectionStrings.Normalize(config.GetConnectionString("Admin") ?? config["DATABASE_ADMIN_URL"]);
        EmbeddedPostgres? embedded = null;

        if (app is null)
        {
            var secrets = LocalSecrets.LoadOrCreate(dataDirectory);
            embedded = await EmbeddedPostgres.StartAsync(Path.Combine(dataDirectory, "postgres"), secrets.PostgresPassword, durable: true, log, ct);
            (app, admin) = await CreateDatabaseAndAppRoleAsync(embedded.ConnectionString(), Database, AppRole, secrets.AppPassword, ct);
        }
        admin ??= app;

        if (config.GetValue("Omni:Database:ApplyMigrations", true))
        {
            var dir = MigrationRunner.FindDirectory(config["Omni:Database:MigrationsPath"])
                ?? throw new InvalidOperationException("supabase/migrations not found; set Omni:Database:MigrationsPath");
            await MigrationRunner.ApplyAsync(admin, dir, log, ct);
            await GrantRequestRolesAsync(admin, new NpgsqlConnectionStringBuilder(app).Username!, ct);
        }
        await WarnIfSuperuserAsync(app, log, ct);
        return new DatabaseEndpoints(app, admin, embedded);
    }

    /// <summary>Creates (once) a database and a non-superuser login role on a server where
    /// <paramref name="superuser"/> may do so, and returns the app and admin connection strings for it.
    /// Shared by the embedded default and the tests.</summary>
    public static async Task<(string App, string Admin)> CreateDatabaseAndAppRoleAsync(
        NpgsqlConnectionStringBuilder superuser, string database, string appRole, string appPassword, CancellationToken ct)
    {
        await using (var conn = new NpgsqlConnection(superuser.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", conn);
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand($"create database \"{database}\"", conn);
                await create.ExecuteNonQueryAsync(ct);
            }
            // NOINHERIT: like PostgREST's authenticator, the login role holds no table rights of its own;
            // every request switches to authenticated/anon/omni_system with SET LOCAL ROLE.
            await using var role = new NpgsqlCommand($"""
                do $$ begin
                  if not exists (select from pg_roles where rolname = '{appRole}') then
                    create role "{appRole}" login noinherit nosuperuser nocreatedb nocreaterole;
                  end if;
                end $$;
                alter role "{appRole}" password '{appPassword.Replace("'", "''", StringComparison.Ordinal)}';
                """, conn);
            await role.ExecuteNonQueryAsync(ct);
        }
        var adminCs = new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Database = database, Pooling = true };
        var appCs = new NpgsqlConnectionStringBuilder(adminCs.ConnectionString) { Username = appRole, Password = appPassword };
        return (appCs.ConnectionString, adminCs.ConnectionString);
    }

    public static async Task GrantRequestRolesAsync(string adminConnectionString, string appUser, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(adminConnectionString);
        await conn.OpenAsync(ct);
        foreach (var role in new[] { "anon", "authenticated", "omni_system", "omni_worker" })
        {
            await using var check = new NpgsqlCommand("select pg_has_role($1, $2, 'MEMBER')", conn);
            check.Parameters.Add(new NpgsqlParameter { Value = appUser });
            check.Parameters.Add(new NpgsqlParameter { Value = role });
            if ((bool)(await check.ExecuteScalarAsync(ct))!) continue;
            await using var grant = new NpgsqlCommand($"grant {role} to \"{appUser.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
            await grant.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task WarnIfSuperuserAsync(string app, ILogger log, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(app);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("select rolsuper or rolbypassrls from pg_roles where rolname = current_user", conn);
        if (await cmd.ExecuteScalarAsync(ct) is true)
            log.LogWarning("The API's database login role bypasses RLS by itself; requests still switch roles, but use a dedicated non-superuser role in production");
    }
}
