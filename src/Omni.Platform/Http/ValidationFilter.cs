using FluentValidation;

namespace Omni.Platform.Http;

/// <summary>The one validation filter: every argument that has a registered FluentValidation validator is
/// validated before the handler runs; failures become a 400 listing the fields. Which arguments have a
/// validator is worked out once per endpoint, when it is built; endpoints without any get no filter.</summary>
internal static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var validated = context.MethodInfo.GetParameters()
            .Select((p, index) => (Index: index, Validator: context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(p.ParameterType)) as IValidator))
            .Where(p => p.Validator is not null)
            .ToArray();
        if (validated.Length == 0) return next;

        return async invocation =>
        {
            Dictionary<string, string[]>? errors = null;
            foreach (var (index, validator) in validated)
            {
                if (invocation.Arguments[index] is not { } argument) continue;
                var result = await validator!.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                if (result.IsValid) continue;
                errors ??= [];
                foreach (var group in result.Errors.GroupBy(e => e.PropertyName))
                    errors[group.Key] = group.Select(e => e.ErrorMessage).Distinct().ToArray();
            }
            return errors is null ? await next(invocation) : ApiProblem.Validation(errors);
        };
    }
}
