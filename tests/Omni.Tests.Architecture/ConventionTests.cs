using System.Reflection;
using FluentValidation;

namespace Omni.Tests.Architecture;

public sealed class ConventionTests
{
    [Fact]
    public void Endpoint_handlers_are_internal_static_classes_named_after_their_use_case()
    {
        var offences = Solution.Modules.Append(Solution.Platform)
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Endpoint", StringComparison.Ordinal) && t.IsClass)
            .Where(t => t.IsPublic || !(t.IsAbstract && t.IsSealed) || t.GetMethod("Handle", BindingFlags.Public | BindingFlags.Static) is null)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(offences);
    }

    [Fact]
    public void Every_request_type_with_a_validator_lives_beside_it_in_the_same_use_case_folder()
    {
        var offences = new List<string>();
        foreach (var assembly in Solution.Modules.Append(Solution.Platform))
        {
            foreach (var validator in assembly.GetTypes().Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(AbstractValidator<>)))
            {
                var request = validator.BaseType!.GetGenericArguments()[0];
                if (request.Namespace != validator.Namespace) offences.Add($"{validator.FullName} validates {request.FullName}");
            }
        }
        Assert.Empty(offences);
    }

    [Fact]
    public void Module_classes_are_sealed_or_static()
    {
        var offences = Solution.Modules
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !t.Name.StartsWith('<') && t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(offences);
    }
}
