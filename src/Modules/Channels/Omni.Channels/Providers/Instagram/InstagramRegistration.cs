using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Channels.Providers.Instagram;

internal static class InstagramRegistration
{
    /// <summary>The provider, its Graph client (plain: a send is never retried by HTTP) and the handshake's token check.</summary>
    public static IServiceCollection AddInstagramChannel(this IServiceCollection services)
    {
        services.AddHttpClient(InstagramClient.HttpClientName, http =>
        {
            http.Timeout = TimeSpan.FromSeconds(30);
            http.MaxResponseContentBufferSize = 1024 * 1024;
        });
        services.AddSingleton<InstagramClient>();
        services.AddSingleton<InstagramVerifyTokens>();
        return services.AddChannelProvider<InstagramProvider>();
    }

    /// <summary><c>GET/POST /webhooks/instagram</c>, anonymous: Meta proves itself by the verify token and the signature.</summary>
    public static void MapInstagramWebhooks(this IEndpointRouteBuilder root)
    {
        root.MapGet("/webhooks/instagram", VerifyInstagramWebhookEndpoint.Handle).AllowAnonymous().WithTags("Webhooks").WithName("VerifyInstagramWebhook");
        root.MapPost("/webhooks/instagram", ReceiveInstagramWebhookEndpoint.Handle).AllowAnonymous().WithTags("Webhooks").WithName("ReceiveInstagramWebhook");
    }
}
