namespace Omni.Platform.Http;

/// <summary>Thrown from deep inside a use case when it must end the request with a specific problem
/// (the exception handler turns it into the problem response; the request's transaction rolls back).</summary>
public sealed class ApiException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    /// <summary>The request field at fault, for a validation problem that names it.</summary>
    public string? Field { get; private init; }

    /// <summary>A field found invalid past the validator (a stage that is not the pipeline's, an assignee who
    /// is not a member): answered like any validation failure, 400 <c>validation_failed</c> naming the field.</summary>
    public static ApiException InvalidField(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "validation_failed", message) { Field = field };
}
