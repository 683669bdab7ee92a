using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Omni.Platform.Http;

namespace Omni.Channels.Providers.Telegram;

internal static class TelegramChannel
{
    public static IServiceCollection AddTelegramChannel(this IServiceCollection services)
    {
        // No logging handlers: the HTTP client logs full URLs, and every Bot API URL carries the bot token.
        services.AddResilientHttpClient(TelegramClient.ApiClient, (_, http) => http.Timeout = TimeSpan.FromSeconds(60)).RemoveAllLoggers();
        services.AddHttpClient(TelegramClient.SendClient, http => http.Timeout = TimeSpan.FromSeconds(60)).RemoveAllLoggers();
        services.AddSingleton<TelegramClient>();
        services.AddSingleton<TelegramSender>();
        services.AddSingleton<TelegramFiles>();
        return services.AddChannelProvider<TelegramProvider>();
    }

    public static void MapTelegramWebhook(this IEndpointRouteBuilder root) =>
        root.MapPost(TelegramWebhookEndpoint.Route, TelegramWebhookEndpoint.Handle).AllowAnonymous().WithTags("Webhooks").WithName("TelegramWebhook");
}
