using Microsoft.Extensions.DependencyInjection;

namespace Omni.Platform.Hosting;

internal static class ServiceCollectionInstances
{
    /// <summary>The instance registered as <typeparamref name="T"/>, registering a new one the first time:
    /// for registries that modules add to while services are being configured.</summary>
    public static T GetOrAddInstance<T>(this IServiceCollection services) where T : class, new()
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(T))?.ImplementationInstance is T existing) return existing;
        var created = new T();
        services.AddSingleton(created);
        return created;
    }
}
