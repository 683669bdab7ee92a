using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Auth;

namespace Omni.Platform.Http;

/// <summary>A token bucket per API key, per user, or per client IP for anonymous calls
/// (<c>Omni:RateLimiting:*</c>). Refusals are 429 problems with <c>Retry-After</c>.</summary>
internal static class RateLimiting
{
    public static IServiceCollection AddOmniRateLimiting(this IServiceCollection services, IConfiguration config)
    {
        var section = config.GetSection("Omni:RateLimiting");
        var enabled = section.GetValue("Enabled", true);
        var perSecond = section.GetValue("PermitsPerSecond", 50);
        var burst = section.GetValue("Burst", 200);
        var anonymousPerSecond = section.GetValue("AnonymousPermitsPerSecond", 20);
        var anonymousBurst = section.GetValue("AnonymousBurst", 60);

        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!enabled || IsExempt(http.Request.Path)) return RateLimitPartition.GetNoLimiter("exempt");
                var caller = Caller.Find(http);
                return caller is not null
                    ? Bucket(caller.Id, perSecond, burst)
                    : Bucket("ip:" + http.Connection.RemoteIpAddress, anonymousPerSecond, anonymousBurst);
            });
            o.OnRejected = async (ctx, _) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblem.WriteAsync(ctx.HttpContext, StatusCodes.Status429TooManyRequests, "rate_limited",
                    "Too many requests; slow down and retry after the number of seconds in Retry-After.");
            };
        });
    }

    private static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    // Platform webhooks come in bursts from a few of the platform's addresses and are verified by their
    // signature or secret before anything is stored; throttling them per IP would make the platform retry.
    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/swagger")
        || path.StartsWithSegments("/webhooks");
}
