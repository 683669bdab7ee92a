using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Channels.Capabilities;
using Omni.Channels.Contracts;
using Omni.Channels.CreateChannel;
using Omni.Channels.Data;
using Omni.Channels.DisconnectChannel;
using Omni.Channels.Gateway;
using Omni.Channels.GetChannel;
using Omni.Channels.ListChannels;
using Omni.Channels.Providers;
using Omni.Channels.Providers.Builtin;
using Omni.Channels.Providers.Instagram;
using Omni.Channels.Providers.Telegram;
using Omni.Channels.Providers.WhatsApp;
using Omni.Channels.ReconnectChannel;
using Omni.Channels.UpdateChannel;
using Omni.Channels.Webhooks;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;

namespace Omni.Channels;

/// <summary>Channels: connected WhatsApp numbers, Telegram bots, Instagram accounts, the web chat and
/// receive-only sources; their credentials (sealed), webhooks and platform clients.</summary>
public static class ChannelsModule
{
    public const string Read = "channels:read";
    public const string Write = "channels:write";

    public static IServiceCollection AddChannels(IServiceCollection services, IConfiguration config)
    {
        services.AddModuleDbContext<ChannelsDbContext>();
        services.AddValidatorsFrom(typeof(ChannelsModule).Assembly);
        services.AddSingleton(ProviderSettings.From(config));
        services.AddSingleton<ProviderRegistry>();
        services.AddChannelProvider<WebWidgetProvider>();
        services.AddInstagramChannel();
        services.AddTelegramChannel();
        services.AddWhatsApp();
        services.AddSingleton<IChannelProvider>(new ReceiveOnlyProvider(ChannelTypes.Signal));
        services.AddSingleton<IChannelProvider>(new ReceiveOnlyProvider(ChannelTypes.WeChat));
        services.AddSingleton<WebhookIntake>();
        services.AddScoped<ChannelContexts>();
        services.AddScoped<ChannelConnector>();
        services.AddScoped<IChannelGateway, ChannelGateway>();
        services.AddJobHandler<ProcessWebhookJob>(WebhookIntake.ProcessJob);
        return services;
    }

    public static void MapChannels(RouteGroupBuilder api, IEndpointRouteBuilder root)
    {
        var channels = api.MapGroup("/channels").WithTags("Channels");
        channels.MapPost("/", CreateChannelEndpoint.Handle).RequirePermission(Write).WithName("CreateChannel");
        channels.MapGet("/", ListChannelsEndpoint.Handle).RequirePermission(Read).WithName("ListChannels");
        channels.MapGet("/{id:guid}", GetChannelEndpoint.Handle).RequirePermission(Read).WithName("GetChannel");
        channels.MapPatch("/{id:guid}", UpdateChannelEndpoint.Handle).RequirePermission(Write).WithName("UpdateChannel");
        channels.MapDelete("/{id:guid}", DisconnectChannelEndpoint.Handle).RequirePermission(Write).WithName("DisconnectChannel");
        channels.MapPost("/{id:guid}/reconnect", ReconnectChannelEndpoint.Handle).RequirePermission(Write).WithName("ReconnectChannel");
        channels.MapGet("/{id:guid}/capabilities", GetCapabilitiesEndpoint.Handle).RequirePermission(Read).WithName("GetChannelCapabilities");

        root.MapInstagramWebhooks();
        root.MapTelegramWebhook();
        root.MapWhatsAppWebhooks();
    }
}
