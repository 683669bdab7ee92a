using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omni.Platform.Database;

namespace Omni.Platform.Http;

/// <summary>The one exception handler: bad requests, oversized bodies, API exceptions and database
/// constraint errors become 4xx problems; anything else is logged and answered 500 without details.</summary>
internal sealed class OmniExceptionHandler(ILogger<OmniExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (http.Response.HasStarted) return false;
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            http.Response.StatusCode = 499;
            return true;
        }

        var (status, code, detail) = Classify(exception);
        if (status >= 500)
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
        else
            log.LogInformation("Request refused with {Status} {Code}: {Detail}", status, code, detail);

        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "1";
        if (status == StatusCodes.Status413PayloadTooLarge) await BodyLimitMiddleware.DrainAsync(http, ct);
        if (exception is ApiException { Field: { } invalid })
            await ApiProblem.WriteAsync(http, status, code, "One or more fields are invalid.", new Dictionary<string, string[]> { [invalid] = [detail] });
        // A value of the wrong JSON type names its field, like any other invalid field.
        else if (code == "malformed_json" && JsonField(exception) is { } field)
            await ApiProblem.WriteAsync(http, status, code, detail, new Dictionary<string, string[]> { [field] = ["has the wrong type or format."] });
        else
            await ApiProblem.WriteAsync(http, status, code, detail);
        return true;
    }

    /// <summary><c>$.identifiers[0].type</c> → <c>identifiers[0].type</c>; null for the document as a whole.</summary>
    private static string? JsonField(Exception e) =>
        FindJson(e)?.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;

    internal static (int Status, string Code, string Detail) Classify(Exception e)
    {
        switch (e)
        {
            case ApiException api:
                return (api.Status, api.Code, api.Message);
            case BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge:
                return (413, "payload_too_large", "The request body is larger than this endpoint accepts.");
            case BadHttpRequestException bad when FindJson(bad) is { } json:
                return (400, "malformed_json", $"The request body is not valid JSON for this endpoint: {json.Message}");
            case BadHttpRequestException bad:
                return (bad.StatusCode, ApiProblem.DefaultCode(bad.StatusCode), bad.Message);
            case JsonException json:
                return (400, "malformed_json", $"The request body is not valid JSON for this endpoint: {json.Message}");
        }

        if (PostgresErrors.Find(e) is { } pg)
        {
            return pg.SqlState switch
            {
                PostgresErrors.UniqueViolation => (409, "conflict", "A resource with these values already exists."),
                PostgresErrors.ForeignKeyViolation => (409, "conflict", "The change refers to something that does not exist or is still in use."),
                PostgresErrors.CheckViolation => (400, "invalid_value", "A value is outside what is allowed."),
                PostgresErrors.InsufficientPrivilege => (403, "forbidden", "You may not do this."),
                "22P02" or "22007" or "22008" or "22003" or "22001" => (400, "invalid_value", "A value has the wrong format or size."),
                "40001" or "40P01" => (503, "retry", "The request collided with another one; retry it."),
                "57014" => (503, "timeout", "The database took too long to answer."),
                _ => (500, "internal_error", "Something went wrong on our side."),
            };
        }
        if (e is DbUpdateConcurrencyException) return (409, "conflict", "The resource changed while you were editing it.");
        if (e is NpgsqlException { IsTransient: true }) return (503, "unavailable", "The database is not reachable right now.");
        return (500, "internal_error", "Something went wrong on our side.");
    }

    private static JsonException? FindJson(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is JsonException j) return j;
        return null;
    }
}
