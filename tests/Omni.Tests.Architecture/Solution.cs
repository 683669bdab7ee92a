using System.Reflection;

namespace Omni.Tests.Architecture;

/// <summary>The solution's assemblies as built: the platform, the host, and every module (with its
/// Contracts), found by name so that a new module is checked without being listed here.</summary>
internal static class Solution
{
    public static Assembly Platform { get; } = Load("Omni.Platform");
    public static Assembly Api { get; } = Load("Omni.Api");

    /// <summary>Module implementation assemblies: Omni.X that is neither the platform, the host, nor a Contracts.</summary>
    public static IReadOnlyList<Assembly> Modules { get; } = OmniAssemblies()
        .Where(n => n is not ("Omni.Platform" or "Omni.Api") && !n.EndsWith(".Contracts", StringComparison.Ordinal))
        .Select(Load).ToList();

    public static IReadOnlyList<Assembly> Contracts { get; } = OmniAssemblies()
        .Where(n => n.EndsWith(".Contracts", StringComparison.Ordinal)).Select(Load).ToList();

    public static string ModuleName(Assembly module) => module.GetName().Name!["Omni.".Length..];

    private static IEnumerable<string> OmniAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Omni.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(n => !n.StartsWith("Omni.Tests", StringComparison.Ordinal))
            .Order();

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));
}
