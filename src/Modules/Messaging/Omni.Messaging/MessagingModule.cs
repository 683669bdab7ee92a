using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omni.Messaging.ContactActivity;
using Omni.Messaging.Contracts;
using Omni.Messaging.Core;
using Omni.Messaging.Data;
using Omni.Contacts.Contracts;
using Omni.Messaging.Inbound;
using Omni.Messaging.Inbox;
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
using Omni.Messaging.Ingest.Connections.CreateConnection;
using Omni.Messaging.Ingest.Connections.GetConnection;
using Omni.Messaging.Ingest.Connections.ListConnections;
using Omni.Messaging.Ingest.Connections.RotateSecret;
using Omni.Messaging.Ingest.Connections.UpdateConnection;
using Omni.Messaging.Ingest.ReceiveHistory;
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

    /// <summary>Ingest connections: every member sees them (never their secrets); only owners and admins (or
    /// an API key scoped to it) create them, switch them off or rotate their secrets, as for API keys: a
    /// connection's secret writes into the org's inbox as the system.</summary>
    public const string IngestRead = "ingest:read";
    public const string IngestManage = "ingest:manage";

    public static IServiceCollection AddMessaging(IServiceCollection services, IConfiguration config)
    {
        services.AddModuleDbContext<MessagingDbContext>();
        services.AddValidatorsFrom(typeof(MessagingModule).Assembly);
        services.AddScoped<ConversationStore>();
        services.AddScoped<IInboundSink, InboundSink>();
        services.AddScoped<IConversationWindows, ConversationWindows>();
        services.AddScoped<IContactChannels, ContactChannels>();
        services.AddScoped<IContactMessages, ContactMessages>();
        services.AddScoped<IConversationDirectory, ConversationDirectory>();
        services.AddScoped<OutboundMessages>();
        services.AddSingleton<MediaPolicy>();
        services.ConfigureSwaggerGen(o => o.OperationFilter<UploadFormDocumentation>());
        services.AddJobHandler<FetchMediaJob>(FetchMediaJob.Type);
        services.AddJobHandler<SendMessageJob>(SendMessageJob.Type);
        services.AddScoped<DeliveryReceipts>();
        services.AddSingleton<MediaLinks>();
        services.AddHousekeeping("select messaging.purge_status_backlog()");
        services.AddJobHandler<WakeSnoozedJob>(WakeSnoozedJob.Type);
        services.AddScoped<ContactNames>();
        services.AddIntegrationEventHandler<ContactsMerged, ContactMergedHandler>("messaging.contact-merged");
        services.AddIntegrationEventHandler<ContactUpdated, ContactUpdatedHandler>("messaging.contact-updated");
        services.AddIntegrationEventHandler<ContactDeleted, ContactDeletedHandler>("messaging.contact-deleted");
        services.AddSingleton(IngestLimits.From(config));
        services.AddSingleton<IngestAuthenticator>();
        services.AddSingleton<IngestProcessor>();
        services.AddScoped<IngestWriter>();
        services.ConfigureSwaggerGen(IngestSwaggerFilter.Configure);
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
        conversations.MapPost("/{id:guid}/messages", SendToConversationEndpoint.Handle).RequirePermission(Write).WithIdempotency().WithName("SendMessage")
            .WithMetadata(new AlsoAcceptsUpload()).ProducesProblem(StatusCodes.Status409Conflict);
        // The same route with a file: chosen by the request's content type, documented on the operation above.
        conversations.MapPost("/{id:guid}/messages", SendUploadToConversationEndpoint.Handle).RequirePermission(Write).WithIdempotency()
            .Accepts<IFormFile>(SendUploadToConversationEndpoint.FormContentType)
            .WithMetadata(new UploadSizeLimit(root.ServiceProvider.GetRequiredService<MediaPolicy>().MaxBytes))
            .ExcludeFromDescription();

        api.MapGet("/contacts/{id:guid}/conversations", ListContactConversationsEndpoint.Handle).WithTags("Conversations")
            .RequirePermission(Read).WithName("ListContactConversations");
        api.MapGet("/attachments/{id:guid}/content", DownloadAttachmentEndpoint.Handle).WithTags("Conversations")
            .RequirePermission(Read).WithName("DownloadAttachment")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream");

        api.MapPost("/channels/{id:guid}/messages", SendToContactEndpoint.Handle).WithTags("Conversations")
            .RequirePermission(Write).WithIdempotency().WithName("SendMessageToContact");

        root.MapGet("/media/{id:guid}", PublicMediaEndpoint.Handle).WithTags("Media").AllowAnonymous().WithName("GetPublicMedia")
            .WithSummary("A stored attachment by a signed, expiring link (given to platforms that fetch outgoing media by URL)");
        var connections = api.MapGroup("/messaging/connections").WithTags("Messaging ingest");
        connections.MapPost("/", CreateConnectionEndpoint.Handle).RequirePermission(IngestManage).WithName("CreateIngestConnection")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("`api_secret` is in this response only; the syncer sends it as `x-api-key` to `POST /functions/v1/messaging-ingest`.");
        connections.MapGet("/", ListConnectionsEndpoint.Handle).RequirePermission(IngestRead).WithName("ListIngestConnections");
        connections.MapGet("/{id:guid}", GetConnectionEndpoint.Handle).RequirePermission(IngestRead).WithName("GetIngestConnection");
        connections.MapPatch("/{id:guid}", UpdateConnectionEndpoint.Handle).RequirePermission(IngestManage).WithName("UpdateIngestConnection");
        connections.MapPost("/{id:guid}/rotate-secret", RotateConnectionSecretEndpoint.Handle).RequirePermission(IngestManage).WithName("RotateIngestConnectionSecret");

        // The external syncers' contract (shared/seeds/messaging-ingest.md), at its own path outside /api/v1.
        // No rate limit: the contract promises none, and a syncer backfilling history sends many requests.
        root.MapPost(MessagingIngestEndpoint.Path, MessagingIngestEndpoint.Handle)
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithMetadata(new OwnsBodyLimit())
            .WithMetadata(new UsesIngestApiKey())
            .WithTags("Messaging ingest")
            .WithName("MessagingIngest")
            .WithSummary("Import chat history from WhatsApp, Signal, Telegram or WeChat (the messaging-ingest contract)")
            .WithDescription($"Authenticate with the connection's secret in `x-api-key`. At most {IngestLimits.DefaultMaxMessages} messages and " +
                             $"{IngestLimits.DefaultMaxBodyBytes / (1024 * 1024)} MiB per request by default (100-500 messages recommended). " +
                             "Errors are `{\"error\": \"...\"}` as the contract defines them.")
            .Accepts<IngestRequest>("application/json")
            .Produces<IngestResponse>()
            .Produces<IngestError>(StatusCodes.Status400BadRequest)
            .Produces<IngestError>(StatusCodes.Status401Unauthorized)
            .Produces<IngestError>(StatusCodes.Status403Forbidden)
            .Produces<IngestError>(StatusCodes.Status413PayloadTooLarge)
            .Produces<IngestError>(StatusCodes.Status500InternalServerError);
    }
}
