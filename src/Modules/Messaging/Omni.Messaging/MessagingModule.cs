using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Messaging.Contracts;
using Omni.Messaging.Core;
using Omni.Messaging.Data;
using Omni.Contacts.Contracts;
using Omni.Messaging.Inbound;
using Omni.Messaging.Inbox.DownloadAttachment;
using Omni.Messaging.Inbox.GetConversation;
using Omni.Messaging.Inbox.GetMessage;
using Omni.Messaging.Inbox.ListContactConversations;
using Omni.Messaging.Inbox.ListConversations;
using Omni.Messaging.Inbox.ListMessages;
using Omni.Messaging.Inbox.MarkConversationRead;
using Omni.Messaging.Inbox.OnContactChanged;
using Omni.Messaging.Inbox.UpdateConversation;
using Omni.Messaging.Inbox.WakeSnoozed;
using Omni.Messaging.Media;
using Omni.Messaging.Outbound;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;

namespace Omni.Messaging;

/// <summary>Messaging: the shared inbox (conversations, messages, attachments), sending, inbound webhook
/// results, and the messaging-ingest contract for external syncers.</summary>
public static class MessagingModule
{
    public const string Read = "conversations:read";
    public const string Write = "conversations:write";

    public static IServiceCollection AddMessaging(IServiceCollection services, IConfiguration config)
    {
        services.AddModuleDbContext<MessagingDbContext>();
        services.AddValidatorsFrom(typeof(MessagingModule).Assembly);
        services.AddScoped<ConversationStore>();
        services.AddScoped<IInboundSink, InboundSink>();
        services.AddScoped<IConversationWindows, ConversationWindows>();
        services.AddScoped<OutboundMessages>();
        services.AddJobHandler<FetchMediaJob>(FetchMediaJob.Type);
        services.AddJobHandler<SendMessageJob>(SendMessageJob.Type);
        services.AddScoped<DeliveryReceipts>();
        services.AddSingleton<MediaLinks>();
        services.AddHousekeeping("select messaging.purge_status_backlog()");
        services.AddJobHandler<WakeSnoozedJob>(WakeSnoozedJob.Type);
        services.AddScoped<ContactNames>();
        services.AddIntegrationEventHandler<ContactsMerged, ContactMergedHandler>("messaging.contact-merged");
        services.AddIntegrationEventHandler<ContactUpdated, ContactUpdatedHandler>("messaging.contact-updated");
        return services;
    }

    public static void MapMessaging(RouteGroupBuilder api, IEndpointRouteBuilder root)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Conversations");
        conversations.MapGet("/", ListConversationsEndpoint.Handle).RequirePermission(Read).WithName("ListConversations");
        conversations.MapGet("/{id:guid}", GetConversationEndpoint.Handle).RequirePermission(Read).WithName("GetConversation");
        conversations.MapPatch("/{id:guid}", UpdateConversationEndpoint.Handle).RequirePermission(Write).WithName("UpdateConversation");
        conversations.MapPost("/{id:guid}/read", MarkConversationReadEndpoint.Handle).RequirePermission(Write).WithName("MarkConversationRead");
        conversations.MapGet("/{id:guid}/messages", ListMessagesEndpoint.Handle).RequirePermission(Read).WithName("ListMessages");
        conversations.MapGet("/{id:guid}/messages/{messageId:guid}", GetMessageEndpoint.Handle).RequirePermission(Read).WithName("GetMessage");
        conversations.MapPost("/{id:guid}/messages", SendToConversationEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("SendMessage");

        api.MapGet("/contacts/{id:guid}/conversations", ListContactConversationsEndpoint.Handle).WithTags("Conversations")
            .RequirePermission(Read).WithName("ListContactConversations");
        api.MapGet("/attachments/{id:guid}/content", DownloadAttachmentEndpoint.Handle).WithTags("Conversations")
            .RequirePermission(Read).WithName("DownloadAttachment")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream");

        api.MapPost("/channels/{id:guid}/messages", SendToContactEndpoint.Handle).WithTags("Conversations")
            .RequirePermission(Write).WithIdempotency().WithName("SendMessageToContact");

        root.MapGet("/media/{id:guid}", PublicMediaEndpoint.Handle).WithTags("Media").AllowAnonymous().WithName("GetPublicMedia")
            .WithSummary("A stored attachment by a signed, expiring link (given to platforms that fetch outgoing media by URL)");
    }
}
