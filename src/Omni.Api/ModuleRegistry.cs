using Omni.Channels;
using Omni.Contacts;
using Omni.Leads;
using Omni.Messaging;
using Omni.Projects;
using Omni.Tracking;

namespace Omni.Api;

/// <summary>Every feature module, listed explicitly so start-up reads top to bottom.</summary>
internal static class ModuleRegistry
{
    public static void AddModules(IServiceCollection services, IConfiguration config)
    {
        ContactsModule.AddContacts(services, config);
        ChannelsModule.AddChannels(services, config);
        MessagingModule.AddMessaging(services, config);
        TrackingModule.AddTracking(services, config);
        LeadsModule.AddLeads(services, config);
        ProjectsModule.AddProjects(services, config);
    }

    /// <param name="api">The authenticated <c>/api/v1</c> group.</param>
    /// <param name="root">The application, for routes outside it (platform webhooks, the ingest contract).</param>
    public static void MapModules(RouteGroupBuilder api, IEndpointRouteBuilder root)
    {
        ContactsModule.MapContacts(api);
        ChannelsModule.MapChannels(api, root);
        MessagingModule.MapMessaging(api, root);
        TrackingModule.MapTracking(api, root);
        LeadsModule.MapLeads(api);
        ProjectsModule.MapProjects(api);
    }
}
