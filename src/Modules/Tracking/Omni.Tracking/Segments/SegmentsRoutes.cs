using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;
using Omni.Tracking.Segments.ReadSegments;
using Omni.Tracking.Segments.Refresh;
using Omni.Tracking.Segments.SaveSegment;

namespace Omni.Tracking.Segments;

/// <summary>Saved segments: services and routes (called from <see cref="TrackingModule"/>).</summary>
internal static class SegmentsRoutes
{
    public static void AddSegments(IServiceCollection services)
    {
        services.AddScoped<SegmentStore>();
        services.AddScoped<SegmentRefresher>();
        services.AddScoped<SegmentSchedule>();
        services.AddJobHandler<RefreshSegmentsJob>(RefreshSegmentsJob.Type);
    }

    public static void MapSegments(RouteGroupBuilder api)
    {
        var segments = api.MapGroup("/segments").WithTags("Segments");
        segments.MapPost("/", CreateSegmentEndpoint.Handle).RequirePermission(TrackingModule.Write).WithIdempotency().WithName("CreateSegment");
        segments.MapGet("/", ListSegmentsEndpoint.Handle).RequirePermission(TrackingModule.Read).WithName("ListSegments");
        segments.MapGet("/{id:guid}", GetSegmentEndpoint.Handle).RequirePermission(TrackingModule.Read).WithName("GetSegment");
        segments.MapPut("/{id:guid}", UpdateSegmentEndpoint.Handle).RequirePermission(TrackingModule.Write).WithName("UpdateSegment");
        segments.MapDelete("/{id:guid}", DeleteSegmentEndpoint.Handle).RequirePermission(TrackingModule.Write).WithName("DeleteSegment");
        segments.MapGet("/{id:guid}/contacts", ListSegmentContactsEndpoint.Handle).RequirePermission(TrackingModule.Read).WithName("ListSegmentContacts");
        segments.MapPost("/{id:guid}/refresh", RefreshSegmentEndpoint.Handle).RequirePermission(TrackingModule.Write).WithName("RefreshSegment");
    }
}
