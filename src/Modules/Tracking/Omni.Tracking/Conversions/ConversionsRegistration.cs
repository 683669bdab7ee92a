using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;
using Omni.Tracking.Contracts;
using Omni.Tracking.Conversions.ListDeliveries;

namespace Omni.Tracking.Conversions;

/// <summary>Forwarding to Meta's Conversions API: the outbox, the forwarding job, the conversions contract
/// and the deliveries list.</summary>
internal static class ConversionsRegistration
{
    public static IServiceCollection AddConversions(this IServiceCollection services, IConfiguration config)
    {
        var settings = CapiSettings.From(config);
        services.AddHttpClient(CapiClient.HttpClientName, http =>
        {
            http.BaseAddress = settings.BaseUrl;
            http.Timeout = CapiClient.Timeout;
        }).RemoveAllLoggers(); // the token is in the query string: no request URL may reach the logs
        services.AddSingleton<CapiClient>();
        services.AddSingleton<RetryLog>();
        services.AddScoped<CapiOutbox>();
        services.AddScoped<VisitorLookup>();
        services.AddScoped<ContactHistory>();
        services.AddScoped<ServerEvents>();
        services.AddScoped<IConversions, ConversionReporter>();
        services.AddJobHandler<CapiForwardJob>(CapiForwardJob.Type);
        return services;
    }

    public static void MapConversions(this RouteGroupBuilder api, string readPermission)
    {
        api.MapGroup("/tracking/deliveries").WithTags("Tracking: Conversions API")
            .MapGet("/", ListDeliveriesEndpoint.Handle).RequirePermission(readPermission).WithName("ListConversionsApiDeliveries");
    }
}
