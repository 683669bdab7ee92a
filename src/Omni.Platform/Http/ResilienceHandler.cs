using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Omni.Platform.Http;

/// <summary>The resilience pipeline every outbound provider client sits behind: a per-attempt timeout,
/// retries with exponential backoff and jitter that honour <c>Retry-After</c>, and a circuit breaker.
/// (Microsoft.Extensions.Http.Resilience does not restore here; this is Polly used directly.)</summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A request message can be sent once; buffer the body so each attempt sends a fresh copy.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return await pipeline.ExecuteAsync(async ct => await base.SendAsync(Copy(request, body), ct), cancellationToken);
    }

    private static HttpRequestMessage Copy(HttpRequestMessage original, byte[]? body)
    {
        var copy = new HttpRequestMessage(original.Method, original.RequestUri) { Version = original.Version };
        foreach (var h in original.Headers) copy.Headers.TryAddWithoutValidation(h.Key, h.Value);
        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var h in original.Content!.Headers) copy.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
        }
        foreach (var option in original.Options) copy.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        return copy;
    }

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(int maxRetries = 3, TimeSpan? attemptTimeout = null)
    {
        static bool Transient(HttpResponseMessage r) =>
            r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500;

        var handled = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(Transient);

        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = handled,
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = handled,
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .AddTimeout(attemptTimeout ?? TimeSpan.FromSeconds(10))
            .Build();
    }

    /// <summary>The server's own <c>Retry-After</c> (seconds or a date), capped; null means "use backoff".</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }
}

public static class OutboundHttp
{
    /// <summary>A typed provider client behind the shared resilience pipeline.</summary>
    public static IHttpClientBuilder AddResilientHttpClient<TClient>(this IServiceCollection services, Action<IServiceProvider, HttpClient> configure)
        where TClient : class =>
        WithResilience(services.AddHttpClient<TClient>(configure));

    /// <summary>A named client behind the shared resilience pipeline (for singletons that create clients per use).</summary>
    public static IHttpClientBuilder AddResilientHttpClient(this IServiceCollection services, string name, Action<IServiceProvider, HttpClient> configure) =>
        WithResilience(services.AddHttpClient(name, configure));

    private static IHttpClientBuilder WithResilience(IHttpClientBuilder builder)
    {
        var pipeline = ResilienceHandler.CreatePipeline();
        return builder.AddHttpMessageHandler(() => new ResilienceHandler(pipeline));
    }
}
