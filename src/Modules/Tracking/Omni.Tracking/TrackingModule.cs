using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Attribution;
using Omni.Tracking.Contracts;
using Omni.Tracking.Conversions;
using Omni.Tracking.Data;
using Omni.Tracking.Intake;
using Omni.Tracking.OnContactChanged;
using Omni.Tracking.Snippet;
using Omni.Tracking.Analytics;
using Omni.Tracking.Scores;
using Omni.Tracking.Segments;
using Omni.Tracking.Sources;
using Omni.Tracking.Sources.CreateSource;
using Omni.Tracking.Sources.UpdateSource;
using Omni.Tracking.Watches;

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

        // Intake
        services.AddSingleton<SourceDirectory>();
        services.AddSingleton<EventWriter>();
        services.ConfigureSwaggerGen(WriteKeySwaggerFilter.Configure);

        // Watched events (EventTracked) and attribution, for other modules
        services.AddScoped<EventWatches>();
        services.AddScoped<ITrackedEventWatch>(sp => sp.GetRequiredService<EventWatches>());
        services.AddScoped<IContactAttribution, ContactAttributionReader>();

        // Following Contacts
        services.AddIntegrationEventHandler<ContactsMerged, ContactMergedHandler>("tracking.contact-merged");
        services.AddIntegrationEventHandler<ContactDeleted, ContactDeletedHandler>("tracking.contact-deleted");

        // Conversions API forwarding (outbox, job, IConversions, deliveries list)
        services.AddConversions(config);
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

        // Intake: anonymous to the API (the source's write key authenticates), CORS by the source's origins.
        var intake = root.MapGroup("/api/v1/track").WithTags("Tracking intake").AllowAnonymous().WithMetadata(new DisableCorsAttribute(), new UsesWriteKey())
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        intake.MapPost("/batch", TrackEndpoints.Batch).WithName("TrackBatch").Accepts<TrackBatchRequest>("application/json", "text/plain")
            .WithSummary("Store up to 500 events of a source (the tracker sends these)");
        intake.MapPost("/event", TrackEndpoints.Event).WithName("TrackEvent").Accepts<TrackEventRequest>("application/json", "text/plain")
            .WithSummary("Store one event; write_key and sent_at next to its fields");
        intake.MapPost("/identify", TrackEndpoints.Identify).WithName("TrackIdentify").Accepts<TrackEventRequest>("application/json", "text/plain")
            .WithSummary("Say who an anonymous visitor is (traits: email, phone, external_id, name)");
        intake.MapMethods("/{route}", ["OPTIONS"], TrackEndpoints.Preflight).ExcludeFromDescription();
        root.MapPost("/webhooks/gtm", GtmWebhookEndpoint.Handle).AllowAnonymous().WithMetadata(new DisableCorsAttribute()).WithTags("Tracking intake").WithName("GtmWebhook")
            .Accepts<GtmPayload>("application/json").WithSummary("GA4 Measurement Protocol payloads from a GTM server container (X-Gtm-Secret)");

        // Conversions API deliveries
        api.MapConversions(Read);
        // The tracker snippet, outside /api/v1: pages load it with <script async src="{api}/t.js?k={write_key}">.
        root.MapGet(SnippetEndpoint.Path, SnippetEndpoint.Handle).AllowAnonymous().WithTags("Tracking snippet").WithName("GetTrackerSnippet")
            .WithSummary("The first-party tracker script for a source's write key (JavaScript)")
            .WithDescription(SnippetEndpoint.Description)
            .Produces<string>(StatusCodes.Status200OK, "application/javascript")
            .Produces(StatusCodes.Status304NotModified)
            .Produces<string>(StatusCodes.Status404NotFound, "application/javascript");
        // Segments, scores and analytics reads
        SegmentsRoutes.MapSegments(api);
        ScoresRoutes.MapScores(api);
        AnalyticsRoutes.MapAnalytics(api);
    }
}
