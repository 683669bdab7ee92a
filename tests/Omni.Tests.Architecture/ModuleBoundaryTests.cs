using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Omni.Tests.Architecture;

public sealed class ModuleBoundaryTests
{
    [Fact]
    public void There_is_at_least_one_module_to_check()
    {
        Assert.Contains(Solution.Modules, m => m.GetName().Name == "Omni.Contacts");
        Assert.Contains(Solution.Contracts, c => c.GetName().Name == "Omni.Contacts.Contracts");
    }

    [Fact]
    public void A_module_references_the_platform_and_contracts_but_never_another_modules_implementation()
    {
        var moduleNames = Solution.Modules.Select(m => m.GetName().Name!).ToHashSet();
        var offences = new List<string>();
        foreach (var module in Solution.Modules.Concat(Solution.Contracts))
        {
            var own = module.GetName().Name!.Replace(".Contracts", "", StringComparison.Ordinal);
            foreach (var reference in module.GetReferencedAssemblies().Select(r => r.Name!))
            {
                if (moduleNames.Contains(reference) && reference != own) offences.Add($"{module.GetName().Name} -> {reference}");
                if (reference == "Omni.Api") offences.Add($"{module.GetName().Name} -> Omni.Api");
            }
        }
        Assert.Empty(offences);
    }

    [Fact]
    public void The_platform_knows_no_module()
    {
        var references = Solution.Platform.GetReferencedAssemblies().Select(r => r.Name!).ToList();
        Assert.DoesNotContain(references, r => r.StartsWith("Omni.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_module_exposes_only_its_module_entry_point()
    {
        var offences = Solution.Modules
            .SelectMany(m => m.GetExportedTypes().Where(t => t.Name != Solution.ModuleName(m) + "Module").Select(t => t.FullName))
            .ToList();
        Assert.Empty(offences);
        Assert.All(Solution.Modules, m => Assert.NotNull(m.GetType($"Omni.{Solution.ModuleName(m)}.{Solution.ModuleName(m)}Module")));
    }

    [Fact]
    public void A_module_entry_point_has_the_add_and_map_pair()
    {
        foreach (var module in Solution.Modules)
        {
            var name = Solution.ModuleName(module);
            var entry = module.GetType($"Omni.{name}.{name}Module")!;
            Assert.NotNull(entry.GetMethod("Add" + name, BindingFlags.Public | BindingFlags.Static));
            Assert.NotNull(entry.GetMethod("Map" + name, BindingFlags.Public | BindingFlags.Static));
        }
    }

    [Fact]
    public void A_modules_dbcontext_maps_only_tables_in_its_own_schema()
    {
        var offences = new List<string>();
        foreach (var module in Solution.Modules)
        {
            var schema = Solution.ModuleName(module).ToLowerInvariant();
            foreach (var contextType in module.GetTypes().Where(t => t.IsSubclassOf(typeof(DbContext)) && !t.IsAbstract))
            {
                using var context = Create(contextType);
                foreach (var entity in context.Model.GetEntityTypes())
                {
                    if (entity.GetSchema() != schema) offences.Add($"{contextType.Name} maps {entity.GetSchema()}.{entity.GetTableName()}");
                }
            }
        }
        Assert.Empty(offences);
    }

    [Fact]
    public void Only_the_host_lists_modules()
    {
        var registry = Solution.Api.GetType("Omni.Api.ModuleRegistry", throwOnError: true)!;
        Assert.False(registry.IsPublic);
        var referenced = Solution.Api.GetReferencedAssemblies().Select(r => r.Name!).ToHashSet();
        Assert.All(Solution.Modules, m => Assert.Contains(m.GetName().Name!, referenced));
    }

    private static DbContext Create(Type contextType)
    {
        var optionsType = typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType);
        var builder = (DbContextOptionsBuilder)Activator.CreateInstance(optionsType)!;
        builder.UseNpgsql("Host=model-only");
        return (DbContext)Activator.CreateInstance(contextType, builder.Options)!;
    }
}
