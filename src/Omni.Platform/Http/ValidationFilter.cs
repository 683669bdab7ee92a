using FluentValidation;

namespace Omni.Platform.Http;

/// <summary>The one validation filter: every argument that has a registered FluentValidation validator is
/// validated before the handler (and before any database work); failures become a 400 listing the fields.</summary>
internal sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var argument in context.Arguments)
        {
            if (argument is null) continue;
            var validatorType = typeof(IValidator<>).MakeGenericType(argument.GetType());
            if (context.HttpContext.RequestServices.GetService(validatorType) is not IValidator validator) continue;

            var result = await validator.ValidateAsync(new ValidationContext<object>(argument), context.HttpContext.RequestAborted);
            if (result.IsValid) continue;
            errors ??= [];
            foreach (var group in result.Errors.GroupBy(e => e.PropertyName))
                errors[group.Key] = group.Select(e => e.ErrorMessage).Distinct().ToArray();
        }
        return errors is null ? await next(context) : ApiProblem.Validation(errors);
    }
}
