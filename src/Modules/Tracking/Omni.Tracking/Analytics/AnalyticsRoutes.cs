using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Tenancy;
using Omni.Tracking.Analytics.Events;
using Omni.Tracking.Analytics.Funnels;
using Omni.Tracking.Analytics.Journey;
using Omni.Tracking.Analytics.Timeline;

namespace Omni.Tracking.Analytics;

/// <summary>Analytics reads: services and routes (called from <see cref="TrackingModule"/>).</summary>
internal static class AnalyticsRoutes
{
    public static void AddAnalytics(IServiceCollection services) => services.AddScoped<EventReader>();

    public static void MapAnalytics(RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/analytics").WithTags("Analytics");
        analytics.MapGet("/events", ListEventsEndpoint.Handle).RequirePermission(TrackingModule.Read).WithName("ListTrackedEvents");
        analytics.MapPost("/funnels", FunnelEndpoint.Handle).RequirePermission(TrackingModule.Read).WithName("RunFunnel");
        analytics.MapGet("/journey", JourneyEndpoint.Handle).RequirePermission(TrackingModule.Read).WithName("GetJourney");
        api.MapGet("/contacts/{id:guid}/timeline", TimelineEndpoint.Handle).WithTags("Analytics").RequirePermission(TrackingModule.Read).WithName("GetContactTimeline");
    }
}
