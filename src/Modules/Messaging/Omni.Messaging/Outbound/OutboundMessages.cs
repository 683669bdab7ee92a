using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Omni.Channels.Contracts;
using Omni.Messaging.Core;
using Omni.Messaging.Data;
using Omni.Messaging.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Outbound;

/// <summary>Queues an agent's message in a conversation: checks up front what the channel would refuse
/// (cannot send, unsupported type, closed 24-hour window), stores the message as <c>queued</c> and its send
/// job in the same transaction. Private notes are stored and never sent.</summary>
internal sealed class OutboundMessages(
    MessagingDbContext db, ConversationStore store, IChannelGateway channels, DbSession session, JobQueue jobs, SafeFetcher fetcher, RequestContext request)
{
    public async Task<MessageResponse> QueueAsync(Conversation conversation, SendMessageRequest body, CancellationToken ct)
    {
        var channel = await channels.GetAsync(conversation.ChannelId, ct) ?? throw new ApiException(409, "channel_missing", "The conversation's channel no longer exists.");
        if (!body.Private) EnsureSendable(channel, conversation, body);

        var attributes = new JsonObject();
        if (body.Template is { } template)
        {
            attributes["template"] = new JsonObject
            {
                ["name"] = template.Name,
                ["language"] = template.Language,
                ["components"] = template.Components is { } c ? JsonNode.Parse(c.GetRawText()) : null,
            };
        }
        if (body.ReplyToMessageId is { } replyTo)
        {
            var target = await db.Messages.Where(m => m.Id == replyTo && m.ConversationId == conversation.Id).Select(m => m.ExternalId).SingleOrDefaultAsync(ct);
            if (target is not null) attributes["in_reply_to_external_id"] = target;
        }

        var row = new NewMessage(Guid.CreateVersion7(), "outbound", body.Type, body.Content ?? (body.Template is { } t ? $"[template {t.Name}]" : null),
            attributes.ToJsonString(), "agent", request.UserId, body.Private, ExternalId: null,
            Status: body.Private ? "sent" : "queued", SentAt: DbClock.Now, Imported: false);
        await store.AppendAsync(new ConversationRef(conversation.Id, conversation.ContactId, conversation.ChannelId, false), [row], ct);

        if (body.MediaUrl is { } url)
        {
            await using var cmd = await session.CommandAsync("""
                insert into messaging.attachments (id, org_id, message_id, kind, source_ref, status) values ($1, $2, $3, $4, $5, 'linked')
                """, ct);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, row.Id);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, AttachmentKinds.Normalize(body.Type));
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, url);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        if (!body.Private) await jobs.EnqueueAsync(SendMessageJob.Type, new SendMessagePayload(row.Id), ct: ct);

        return MessageResponse.From(await db.Messages.SingleAsync(m => m.Id == row.Id, ct));
    }

    private void EnsureSendable(ChannelInfo channel, Conversation conversation, SendMessageRequest body)
    {
        var caps = channel.Capabilities;
        if (!caps.CanSend || channel.Status == "disabled")
            throw new ApiException(409, "channel_cannot_send", $"This {channel.Type} channel does not send messages.");
        if (body.Type == "template" && !caps.SupportsTemplates)
            throw new ApiException(400, "template_unsupported", $"{channel.Type} channels have no message templates.");
        if (body.Type != "template" && !caps.MessageTypes.Contains(body.Type))
            throw new ApiException(400, "type_unsupported", $"{channel.Type} channels cannot send {body.Type} messages.");
        if (body.Type != "template" && caps.CustomerServiceWindow is { } window
            && (conversation.LastInboundAt is not { } last || last + window < DbClock.Now))
            throw new ApiException(409, "window_closed",
                $"The {(int)window.TotalHours}-hour customer service window is closed: the contact has not written in that time. Send an approved template instead (type \"template\").");
        if (body.MediaUrl is { } url)
        {
            try { fetcher.EnsureAllowedUrl(new Uri(url)); }
            catch (FetchException e) { throw new ApiException(400, "invalid_media_url", e.Message); }
        }
    }
}
