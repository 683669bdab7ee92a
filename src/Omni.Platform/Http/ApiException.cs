namespace Omni.Platform.Http;

/// <summary>Thrown from deep inside a use case when it must end the request with a specific problem
/// (the exception handler turns it into the problem response).</summary>
public sealed class ApiException(int status, string code, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
