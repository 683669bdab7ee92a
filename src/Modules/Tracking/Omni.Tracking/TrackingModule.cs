using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Analytics;
using Omni.Tracking.Data;
using Omni.Tracking.Scores;
using Omni.Tracking.Segments;
using Omni.Tracking.Sources;
using Omni.Tracking.Sources.CreateSource;
using Omni.Tracking.Sources.UpdateSource;

namespace Omni.Tracking;

/// <summary>First-party tracking: sources with public write keys, the tracker snippet, event intake (browser,
/// GTM server-side), identity, forwarding to Meta's Conversions API, segments, scores and analytics reads.</summary>
public static class TrackingModule
{
    public const string Read = "tracking:read";
    public const string Write = "tracking:write";

    /// <summary>Sources hold a Conversions API token: managing them is for owners and admins (or a key scoped to it).</summary>
    public const string Manage = "tracking:manage";

    public static IServiceCollection AddTracking(IServiceCollection services, IConfiguration config)
    {
        services.AddModuleDbContext<TrackingDbContext>();
        services.AddValidatorsFrom(typeof(TrackingModule).Assembly);

        // Segments, scores and analytics reads
        SegmentsRoutes.AddSegments(services);
        ScoresRoutes.AddScores(services);
        AnalyticsRoutes.AddAnalytics(services);
        return services;
    }

    public static void MapTracking(RouteGroupBuilder api, IEndpointRouteBuilder root)
    {
        var sources = api.MapGroup("/tracking/sources").WithTags("Tracking sources");
        sources.MapPost("/", CreateSourceEndpoint.Handle).RequirePermission(Manage).WithIdempotency().WithName("CreateTrackingSource")
            .WithDescription("`write_key` goes in the page (`<script async src=\"{api}/t.js?k={write_key}\">`); `gtm_secret` is in this response only.");
        sources.MapGet("/", ListSourcesEndpoint.Handle).RequirePermission(Read).WithName("ListTrackingSources");
        sources.MapGet("/{id:guid}", GetSourceEndpoint.Handle).RequirePermission(Read).WithName("GetTrackingSource");
        sources.MapPatch("/{id:guid}", UpdateSourceEndpoint.Handle).RequirePermission(Manage).WithName("UpdateTrackingSource");

        // Segments, scores and analytics reads
        SegmentsRoutes.MapSegments(api);
        ScoresRoutes.MapScores(api);
        AnalyticsRoutes.MapAnalytics(api);
    }
}
