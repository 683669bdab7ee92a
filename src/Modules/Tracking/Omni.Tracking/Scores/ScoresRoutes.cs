using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;
using Omni.Tracking.Scores.ReadScores;
using Omni.Tracking.Scores.Training;

namespace Omni.Tracking.Scores;

/// <summary>Conversion scores: services and routes (called from <see cref="TrackingModule"/>).</summary>
internal static class ScoresRoutes
{
    public static void AddScores(IServiceCollection services)
    {
        services.AddSingleton<ScoreDefaults>();
        services.AddScoped<ScoreStore>();
        services.AddScoped<FeatureExtractor>();
        services.AddScoped<ScoreTrainer>();
        services.AddJobHandler<TrainScoresJob>(TrainScoresJob.Type);
    }

    public static void MapScores(RouteGroupBuilder api)
    {
        api.MapPost("/scores/train", TrainScoresEndpoint.Handle).WithTags("Scores").RequirePermission(TrackingModule.Write).WithIdempotency().WithName("TrainScores");
        api.MapGet("/scores", ListScoresEndpoint.Handle).WithTags("Scores").RequirePermission(TrackingModule.Read).WithName("ListScores");
        api.MapGet("/contacts/{id:guid}/score", GetContactScoreEndpoint.Handle).WithTags("Scores").RequirePermission(TrackingModule.Read).WithName("GetContactScore");
    }
}
