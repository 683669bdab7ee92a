using Omni.Platform.Auth;
using Omni.Platform.Database;
using Omni.Platform.Hosting;

namespace Omni.Api.Cli;

/// <summary>The verbs besides serving: <c>migrate</c> and <c>dev-token</c>.</summary>
internal static class CommandLine
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return false;
        var verb = args[0];
        var options = ParseOptions(args[1..]);
        var builder = WebApplication.CreateBuilder(args[1..].Where(a => !options.Consumed.Contains(a)).ToArray());
        var config = builder.Configuration;
        var dataDirectory = DataDirectory.Resolve(config["Omni:DataDirectory"], builder.Environment.ContentRootPath);

        switch (verb)
        {
            case "dev-token":
                await Console.Out.WriteLineAsync(DevToken(config, dataDirectory, options.Values));
                return true;
            case "migrate":
                await MigrateAsync(config, dataDirectory, seed: false);
                return true;
            case "seed":
                await MigrateAsync(config, dataDirectory, seed: true);
                return true;
            case "help":
                await Console.Out.WriteLineAsync(Usage);
                return true;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{verb}'.\n{Usage}");
                Environment.ExitCode = 2;
                return true;
        }
    }

    private const string Usage = """
        Usage: dotnet run --project src/Omni.Api [-- <command>]
          (no command)                 serve the API (embedded Postgres unless DATABASE_URL is set)
          migrate                      apply supabase/migrations and exit
          seed                         migrate, then load supabase/seed.sql (demo data for demo@example.com)
          dev-token --email <email>    print an access token signed with the local secret
                    [--sub <uuid>] [--hours <n>]
        """;

    private static string DevToken(IConfiguration config, string dataDirectory, Dictionary<string, string> values)
    {
        if (!values.TryGetValue("email", out var email) || !email.Contains('@', StringComparison.Ordinal))
            throw new ArgumentException("dev-token needs --email you@example.com");
        var settings = AuthSettings.From(config, dataDirectory);
        if (settings.HmacSecret is null)
            throw new InvalidOperationException("No HS256 secret is configured (SUPABASE_JWT_SECRET); sign in through Supabase Auth instead.");
        var userId = values.TryGetValue("sub", out var sub) ? Guid.Parse(sub) : JwtIssuer.UserIdForEmail(email);
        var hours = values.TryGetValue("hours", out var h) ? double.Parse(h, System.Globalization.CultureInfo.InvariantCulture) : 24;
        return JwtIssuer.MintHs256(settings.HmacSecret, userId, email.Trim().ToLowerInvariant(), settings.Issuer ?? "omni-local",
            TimeSpan.FromHours(hours), DateTimeOffset.UtcNow);
    }

    private static async Task MigrateAsync(IConfiguration config, string dataDirectory, bool seed)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var database = await DatabaseSetup.PrepareAsync(config, dataDirectory, loggers.CreateLogger("Omni.Database"), CancellationToken.None);
        try
        {
            await Console.Out.WriteLineAsync("Migrations are up to date.");
            if (!seed) return;
            var migrations = MigrationRunner.FindDirectory(config["Omni:Database:MigrationsPath"])!;
            var seedFile = Path.Combine(Path.GetDirectoryName(migrations)!, "seed.sql");
            if (!File.Exists(seedFile)) seedFile = Path.Combine(AppContext.BaseDirectory, "seed.sql");
            await using var conn = new Npgsql.NpgsqlConnection(database.Admin);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand(await File.ReadAllTextAsync(seedFile), conn);
            await cmd.ExecuteNonQueryAsync();
            await Console.Out.WriteLineAsync($"Loaded {seedFile}. Sign in as demo@example.com: dev-token --email demo@example.com");
        }
        finally
        {
            if (database.Embedded is { } embedded) await embedded.StopAsync();
        }
    }

    private static (Dictionary<string, string> Values, HashSet<string> Consumed) ParseOptions(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        string[] known = ["--email", "--sub", "--hours"];
        for (var i = 0; i < args.Length; i++)
        {
            if (known.Contains(args[i]) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[i + 1];
                consumed.Add(args[i]);
                consumed.Add(args[i + 1]);
                i++;
            }
        }
        return (values, consumed);
    }
}
