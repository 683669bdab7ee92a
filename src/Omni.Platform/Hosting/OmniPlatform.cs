using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omni.Platform.Auth;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.OpenApi;
using Omni.Platform.Organizations;
using Omni.Platform.Organizations.ApiKeys;
using Omni.Platform.Organizations.Data;
using Omni.Platform.Security;
using Omni.Platform.Tenancy;
using Serilog;

namespace Omni.Platform.Hosting;

/// <summary>What every module stands on, wired in one place: logging, the database (embedded or
/// configured), auth, tenancy, the request session, problems, validation, limits, jobs, Swagger.</summary>
public static class OmniPlatform
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static async Task<DatabaseEndpoints> AddOmniPlatformAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var dataDirectory = DataDirectory.Resolve(config["Omni:DataDirectory"], builder.Environment.ContentRootPath);

        var logger = CreateLogger(config, services);
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);

        DatabaseEndpoints database;
        using (var bootstrap = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger))
            database = await DatabaseSetup.PrepareAsync(config, dataDirectory, bootstrap.CreateLogger("Omni.Database"), ct);
        services.AddSingleton(database);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(ForRequests(database.App, config.GetValue<int?>("Omni:Database:MaxPoolSize"))).Build());

        if (!config.GetSection("urls").Exists() && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(config["URLS"])
            && !config.GetSection("Kestrel:Endpoints").Exists())
            builder.WebHost.UseUrls("http://localhost:8080");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = config.GetValue("Omni:Http:MaxBodyBytes", DefaultMaxBodyBytes);
        });

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOmniProblemDetails();
        services.AddExceptionHandler<OmniExceptionHandler>();
        services.AddOmniRateLimiting(config);
        services.AddCors(o => o.AddDefaultPolicy(p => p
            .WithOrigins(config.GetSection("Omni:Cors:Origins").Get<string[]>() ?? [])
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(RequestLogging.Header, "Retry-After", IdempotencyExtensions.ReplayedHeader, "Location")));
        services.AddOmniSwagger();
        Validators.UseSnakeCaseFieldNames();
        services.AddValidatorsFrom(typeof(OmniPlatform).Assembly);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(AuthSettings.From(config, dataDirectory));
        services.AddResilientHttpClient(JsonWebKeyStore.HttpClientName, (_, http) => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<JsonWebKeyStore>();
        services.AddSingleton<JwtValidator>();
        services.AddSingleton<ApiKeyResolver>();
        services.AddSingleton<UserProvisioner>();
        services.AddSingleton<MembershipCache>();
        services.AddAuthentication(OmniAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, OmniAuthenticationHandler>(OmniAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();

        services.AddSingleton(CreateSecretBox(config, dataDirectory));
        services.AddSingleton<Http.SafeFetcher>();
        AddBlobStorage(services, config, dataDirectory);
        services.AddScoped<DbSession>();
        services.AddScoped<RequestContext>();
        services.AddModuleDbContext<PlatformDbContext>();
        services.AddSingleton<KnownPermissions>();

        services.AddSingleton(JobOptions.From(config));
        JobRegistration.JobTypesFrom(services);
        JobRegistration.HousekeepingFrom(services);
        EventRegistration.SubscriptionsFrom(services);
        services.AddScoped<JobQueue>();
        services.AddScoped<OrgMembers>();
        services.AddScoped<EventBus>();
        services.AddHostedService<JobWorker>();

        return database;
    }

    /// <summary>Connection settings for request work, unless the connection string already says otherwise:
    /// statements are prepared on the server (requests repeat the same few), and prepared statements use
    /// their generic plan. Under RLS, re-planning is the largest cost of a small query; with the default
    /// plan cache mode Postgres kept planning every execution. Every LIMIT is a constant in the SQL
    /// (<see cref="QueryableExtensions.TakeAsConstant{T}"/>) so generic plans know it. Connections are not
    /// reset when returned to the pool (that reset also drops cached plans): request work only ever sets
    /// transaction-local state (SET LOCAL, set_config(..., true)).</summary>
    internal static string ForRequests(string connectionString, int? maxPoolSize)
    {
        bool Given(string key) => connectionString.Contains(key, StringComparison.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // A few connections per core keep Postgres busy without making it juggle more backends than it can
        // run. Requests beyond that wait in the pool's queue, in order, instead of in the CPU scheduler's: on
        // 2 cores 6 connections beat 16 (leads board p99 27 ms against 87 ms, and more requests served), and
        // 16 beat Npgsql's default of 100 (bench/leads, bench/contacts-list).
        if (maxPoolSize is { } size) builder.MaxPoolSize = size;
        else if (!Given("Maximum Pool Size") && !Given("Max Pool Size")) builder.MaxPoolSize = Math.Max(6, 3 * Environment.ProcessorCount);
        if (!Given("Auto Prepare")) builder.MaxAutoPrepare = 50;
        if (!Given("Reset On Close")) builder.NoResetOnClose = true;
        if (!Given("Options")) builder.Options = "-c plan_cache_mode=force_generic_plan";
        return builder.ConnectionString;
    }

    public static void ConfigureJson(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.NumberHandling = JsonNumberHandling.Strict;
        o.MaxDepth = 32;
    }

    public static WebApplication UseOmniPlatform(this WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseMiddleware<BodyLimitMiddleware>();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyBuffering>();
        app.UseMiddleware<RequestSessionMiddleware>();
        app.UseOmniSwagger();

        var database = app.Services.GetRequiredService<DatabaseEndpoints>();
        if (database.Embedded is { } embedded)
            app.Lifetime.ApplicationStopped.Register(() => embedded.StopAsync().GetAwaiter().GetResult());
        app.Lifetime.ApplicationStarted.Register(() => AnnounceStart(app));
        return app;
    }

    /// <summary>Maps health checks and the platform's routes and returns the <c>/api/v1</c> group every
    /// module maps into: authenticated, validated, one database session per request.</summary>
    public static RouteGroupBuilder MapOmniApi(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health").AllowAnonymous();
        app.MapGet("/readyz", ReadyAsync).WithTags("Health").AllowAnonymous();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization()
            .WithMetadata(new UsesRequestSession())
            .AddEndpointFilter<RequestSessionCommitFilter>()
            .AddEndpointFilterFactory(ValidationFilter.Create);
        PlatformEndpoints.Map(api);
        return api;
    }

    private static async Task<IResult> ReadyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            await using var cmd = db.CreateCommand("select 1");
            await cmd.ExecuteScalarAsync(ct);
            return TypedResults.Ok(new { status = "ready" });
        }
        catch (NpgsqlException)
        {
            return TypedResults.Problem(statusCode: 503, detail: "The database is not reachable.", extensions: new Dictionary<string, object?> { ["code"] = "unavailable" });
        }
    }

    /// <summary>Serilog from configuration, to the console; sinks registered as <see cref="Serilog.Core.ILogEventSink"/>
    /// before the platform is added (a log shipper, or a test) receive every event too.</summary>
    private static Serilog.Core.Logger CreateLogger(IConfiguration config, IServiceCollection services)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Information)
            .MinimumLevel.Override("System.Net.Http", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.AspNetCore.DataProtection", Serilog.Events.LogEventLevel.Error)
            .ReadFrom.Configuration(config)
            .Enrich.FromLogContext()
            .Enrich.With<RequestLogging.Enricher>();
        foreach (var sink in services.Where(d => d.ServiceType == typeof(Serilog.Core.ILogEventSink)).Select(d => d.ImplementationInstance).OfType<Serilog.Core.ILogEventSink>())
            logger.WriteTo.Sink(sink);
        return config.GetValue("Omni:Logging:Json", false)
            ? logger.WriteTo.Console(new Serilog.Formatting.Json.JsonFormatter()).CreateLogger()
            : logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {RequestId} {SourceContext}: {Message:lj}{NewLine}{Exception}").CreateLogger();
    }

    /// <summary>Supabase Storage when <c>SUPABASE_URL</c>, <c>SUPABASE_SERVICE_ROLE_KEY</c> and
    /// <c>Omni:Storage:Bucket</c> are set; otherwise a folder under the data directory.</summary>
    private static void AddBlobStorage(IServiceCollection services, ConfigurationManager config, string dataDirectory)
    {
        var url = config["SUPABASE_URL"]?.TrimEnd('/');
        var key = config["SUPABASE_SERVICE_ROLE_KEY"];
        var bucket = config["Omni:Storage:Bucket"];
        if (!string.IsNullOrEmpty(url) && !string.IsNullOrEmpty(key) && !string.IsNullOrEmpty(bucket))
        {
            services.AddResilientHttpClient(Storage.SupabaseBlobStorage.HttpClientName, (_, http) => http.BaseAddress = new Uri(url + "/"));
            services.AddSingleton<Storage.IBlobStorage>(sp => new Storage.SupabaseBlobStorage(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(Storage.SupabaseBlobStorage.HttpClientName), bucket, key));
        }
        else
        {
            services.AddSingleton<Storage.IBlobStorage>(new Storage.LocalBlobStorage(Path.Combine(dataDirectory, "blobs")));
        }
    }

    private static SecretBox CreateSecretBox(ConfigurationManager config, string dataDirectory)
    {
        var current = config["OMNI_ENCRYPTION_KEY"] ?? config["Omni:EncryptionKey"];
        if (string.IsNullOrEmpty(current)) current = LocalSecrets.LoadOrCreate(dataDirectory).EncryptionKey;
        var previous = (config["OMNI_ENCRYPTION_KEYS_PREVIOUS"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SecretBox(SecretBox.ParseKey(current), previous.Select(SecretBox.ParseKey));
    }

    private static void AnnounceStart(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? "http://localhost:8080";
        var auth = app.Services.GetRequiredService<AuthSettings>();
        app.Logger.LogInformation("Omni API listening on {Addresses}; Swagger UI at {Swagger}/swagger", string.Join(", ", addresses), first);
        if (auth.UsesLocalSecret)
            app.Logger.LogInformation("Get a token: dotnet run --project src/Omni.Api -- dev-token --email you@example.com");
        else
            app.Logger.LogInformation("Send a Supabase access token, or an org API key, as Authorization: Bearer <token>");
    }
}
