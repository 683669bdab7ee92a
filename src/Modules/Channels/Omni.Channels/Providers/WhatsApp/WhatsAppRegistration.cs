using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Omni.Channels.Providers.WhatsApp;

internal static class WhatsAppRegistration
{
    public static IServiceCollection AddWhatsApp(this IServiceCollection services)
    {
        services.AddHttpClient(WhatsAppClient.HttpClientName, (sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<ProviderSettings>().WhatsAppBaseUrl;
            http.Timeout = WhatsAppClient.Timeout;
        });
        services.AddSingleton<WhatsAppClient>();
        services.AddSingleton<WhatsAppMedia>();
        return services.AddChannelProvider<WhatsAppProvider>();
    }

    /// <summary>Meta's callback URL, outside <c>/api/v1</c>: anonymous (the signature is the authentication)
    /// and not rate limited (Meta delivers bursts from few addresses, and redelivers what we refuse).</summary>
    public static void MapWhatsAppWebhooks(this IEndpointRouteBuilder root)
    {
        var webhooks = root.MapGroup("/webhooks/whatsapp").WithTags("Webhooks").AllowAnonymous();
        webhooks.MapGet("", VerifyWhatsAppWebhookEndpoint.Handle).WithName("VerifyWhatsAppWebhook")
            .WithSummary("WhatsApp webhook handshake (Meta calls it when the callback URL is saved)")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        webhooks.MapPost("", ReceiveWhatsAppWebhookEndpoint.Handle).WithName("ReceiveWhatsAppWebhook")
            .WithSummary("WhatsApp Cloud API event notifications (messages and statuses), signed with X-Hub-Signature-256")
            .WithDescription("""
                Called by Meta, not by clients. Body: Meta's `{"object":"whatsapp_business_account","entry":[...]}`.
                The signature is HMAC-SHA256 of the exact body with the channel's app secret.
                Answers 200 once the body is stored (processing happens in the background), 401 without a signature,
                403 when it does not match; a number no channel has is acknowledged with 200 and not stored.
                """)
            .DisableRateLimiting();
    }
}
