using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Platform.Http;

/// <summary>The one place problem responses (RFC 7807) are built. Every problem carries a stable
/// <c>code</c> that clients can switch on, and the request id.</summary>
public static class ApiProblem
{
    public static ProblemHttpResult Create(int status, string code, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } });

    public static ProblemHttpResult BadRequest(string code, string detail) => Create(StatusCodes.Status400BadRequest, code, detail);
    public static ProblemHttpResult Forbidden(string code, string detail) => Create(StatusCodes.Status403Forbidden, code, detail);
    public static ProblemHttpResult NotFound(string detail = "Not found.") => Create(StatusCodes.Status404NotFound, "not_found", detail);
    public static ProblemHttpResult Conflict(string code, string detail) => Create(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "One or more fields are invalid.",
            Extensions = { ["code"] = "validation_failed" },
        });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>For code outside an endpoint (authentication, rate limiter, middleware).</summary>
    public static async Task WriteAsync(HttpContext http, int status, string code, string? detail, IDictionary<string, string[]>? errors = null)
    {
        http.Response.StatusCode = status;
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    /// <summary>The code used when a problem was produced without one (e.g. an empty 404).</summary>
    public static string DefaultCode(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        409 => "conflict",
        411 => "length_required",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "rate_limited",
        503 => "unavailable",
        _ when status >= 500 => "internal_error",
        _ => "error",
    };
}
