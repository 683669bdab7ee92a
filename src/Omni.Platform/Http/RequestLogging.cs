using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Omni.Platform.Auth;
using Serilog.Context;

namespace Omni.Platform.Http;

/// <summary>Gives every request an id (the caller's <c>X-Request-Id</c> when it is sane, else a new one),
/// echoes it, puts it on every log line of the request, and logs one summary line. Only the path is
/// logged: never headers, bodies or query strings, which can carry secrets.</summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> log)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        var id = http.Request.Headers[Header].ToString();
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            id = Guid.CreateVersion7().ToString("N");
        http.TraceIdentifier = id;
        http.Response.Headers[Header] = id;

        using var _ = LogContext.PushProperty("RequestId", id);
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
        }
    }
}
