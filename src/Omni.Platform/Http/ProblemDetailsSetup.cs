using Microsoft.Extensions.DependencyInjection;

namespace Omni.Platform.Http;

internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddOmniProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", ApiProblem.DefaultCode(status));
            ctx.ProblemDetails.Extensions["request_id"] = ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Extensions.Remove("traceId");
            ctx.ProblemDetails.Extensions.Remove("trace_id");
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
        });
}
