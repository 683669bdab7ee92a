using Microsoft.Extensions.DependencyInjection;

namespace Omni.Channels.Providers;

/// <summary>The provider for each channel type.</summary>
internal sealed class ProviderRegistry(IEnumerable<IChannelProvider> providers)
{
    private readonly Dictionary<string, IChannelProvider> _byType = providers.ToDictionary(p => p.Type, StringComparer.Ordinal);

    public IChannelProvider? Find(string type) => _byType.GetValueOrDefault(type);

    public IChannelProvider Get(string type) =>
        Find(type) ?? throw new InvalidOperationException($"No provider for channel type '{type}'.");
}

internal static class ProviderRegistration
{
    public static IServiceCollection AddChannelProvider<TProvider>(this IServiceCollection services) where TProvider : class, IChannelProvider =>
        services.AddSingleton<IChannelProvider, TProvider>();
}
