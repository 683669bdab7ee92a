using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Omni.Platform.Auth;
using Serilog.Core;
using Serilog.Events;

namespace Omni.Platform.Http;

/// <summary>Gives every request an id (the caller's <c>X-Request-Id</c> when it is sane, else a new one),
/// echoes it, puts it on every log line of the request, and logs one summary line. Only the path is
/// logged: never headers, bodies or query strings, which can carry secrets.</summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> log)
{
    public const string Header = "X-Request-Id";
    private static readonly AsyncLocal<string?> Current = new();

    public async Task InvokeAsync(HttpContext http)
    {
        var id = http.Request.Headers[Header].ToString();
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            id = Guid.CreateVersion7().ToString("N");
        http.TraceIdentifier = id;
        http.Response.Headers[Header] = id;

        Current.Value = id;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = http.Response.StatusCode;
            var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
            if (log.IsEnabled(level))
                log.Log(level, "HTTP {Method} {Path} responded {StatusCode} in {Elapsed:0.0} ms for {Caller}",
                    http.Request.Method, http.Request.Path.Value, status, elapsed, Caller.Find(http)?.Id ?? "anonymous");
            Current.Value = null;
        }
    }

    /// <summary>Stamps our request id on every event logged while the request runs. It replaces the
    /// <c>RequestId</c> that ASP.NET's hosting scope adds (Kestrel's connection-based id, taken before this
    /// middleware could choose one).</summary>
    internal sealed class Enricher : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            if (Current.Value is { } id) logEvent.AddOrUpdateProperty(propertyFactory.CreateProperty("RequestId", id));
        }
    }
}
