using Omni.Platform.Hosting;

namespace Omni.Api;

/// <summary>Builds the whole API: the platform, then every module from <see cref="ModuleRegistry"/>.
/// Tests build it the same way (on Kestrel, with their own configuration).</summary>
public static class OmniApp
{
    /// <param name="configure">Runs before the platform is added (configuration sources).</param>
    /// <param name="configureServices">Runs after every module is added (test doubles, extra handlers).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null,
        Action<WebApplicationBuilder>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        await builder.AddOmniPlatformAsync();
        ModuleRegistry.AddModules(builder.Services, builder.Configuration);
        configureServices?.Invoke(builder);

        var app = builder.Build();
        app.UseOmniPlatform();
        var api = app.MapOmniApi();
        ModuleRegistry.MapModules(api, app);
        return app;
    }
}
