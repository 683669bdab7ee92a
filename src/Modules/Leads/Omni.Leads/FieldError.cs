using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Http;

namespace Omni.Leads;

/// <summary>A field found invalid deep in a use case (a contact or stage that does not exist, an assignee
/// who is not a member); <see cref="FieldErrorFilter"/> answers it as a validation problem naming the field.</summary>
internal sealed class FieldError(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

internal sealed class FieldErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (FieldError e)
        {
            ProblemHttpResult problem = ApiProblem.Validation(e.Field, e.Message);
            return problem;
        }
    }
}
