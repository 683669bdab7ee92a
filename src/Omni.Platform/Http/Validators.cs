using System.Reflection;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Platform.Http;

public static class Validators
{
    /// <summary>Registers every validator in a module's assembly (FluentValidation's DI package does not
    /// restore here; this is the part of it we need). Validators are stateless: singletons.</summary>
    public static IServiceCollection AddValidatorsFrom(this IServiceCollection services, Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var iface in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
                services.AddSingleton(iface, type);
        }
        return services;
    }

    /// <summary>Field names in errors are the snake_case names clients send.</summary>
    internal static void UseSnakeCaseFieldNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : Naming.ToSnakeCase(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : Naming.ToSnakeCase(member.Name);
    }
}
