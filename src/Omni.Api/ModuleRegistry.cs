using Omni.Contacts;

namespace Omni.Api;

/// <summary>Every feature module, listed explicitly so start-up reads top to bottom.</summary>
internal static class ModuleRegistry
{
    public static void AddModules(IServiceCollection services, IConfiguration config)
    {
        ContactsModule.AddContacts(services, config);
    }

    public static void MapModules(RouteGroupBuilder api)
    {
        ContactsModule.MapContacts(api);
    }
}
