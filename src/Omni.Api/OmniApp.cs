using Omni.Platform.Hosting;

namespace Omni.Api;

/// <summary>Builds the whole API: the platform, then every module from <see cref="ModuleRegistry"/>.
/// Tests build it the same way (on Kestrel, with their own configuration).</summary>
public static class OmniApp
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        await builder.AddOmniPlatformAsync();
        ModuleRegistry.AddModules(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.UseOmniPlatform();
        var api = app.MapOmniApi();
        ModuleRegistry.MapModules(api);
        return app;
    }
}
