using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Omni.Channels.Contracts;
using Omni.Messaging.Core;
using Omni.Messaging.Data;
using Omni.Messaging.Domain;
using Omni.Messaging.Media;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.Storage;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Outbound;

/// <summary>An uploaded file to send (or keep with a private note): already checked against the media policy.</summary>
internal sealed record UploadedFile(string FileName, string MimeType, byte[] Content);

/// <summary>Queues an agent's message in a conversation: checks up front what the channel would refuse
/// (cannot send, unsupported type, text or caption too long, file too large, closed 24-hour window), stores
/// the message as <c>queued</c> and its send job in the same transaction. An uploaded file is put in storage
/// first and sent from there. Private notes are stored and never sent.</summary>
internal sealed class OutboundMessages(
    MessagingDbContext db, ConversationStore store, IChannelGateway channels, DbSession session, JobQueue jobs, SafeFetcher fetcher,
    IBlobStorage storage, MediaLinks links, RequestContext request)
{
    public async Task<MessageResponse> QueueAsync(Conversation conversation, SendMessageRequest body, UploadedFile? upload, CancellationToken ct)
    {
        var channel = await channels.GetAsync(conversation.ChannelId, ct) ?? throw new ApiException(409, "channel_missing", "The conversation's channel no longer exists.");
        if (!body.Private) EnsureSendable(channel, conversation, body, upload);

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

        if (upload is not null)
        {
            var attachmentId = Guid.CreateVersion7();
            var key = BlobKeys.For(request.OrgId, attachmentId, Path.GetExtension(upload.FileName));
            await storage.PutAsync(key, upload.Content, upload.MimeType, ct);
            await using var cmd = await session.CommandAsync("""
                insert into messaging.attachments (id, org_id, message_id, kind, mime_type, file_name, size_bytes, storage_key, status)
                values ($1, $2, $3, $4, $5, $6, $7, $8, 'stored')
                """, ct);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, attachmentId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, row.Id);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, AttachmentKinds.Normalize(body.Type));
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, upload.MimeType);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, upload.FileName);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Bigint, (long)upload.Content.Length);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, key);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        else if (body.MediaUrl is { } url)
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

    private void EnsureSendable(ChannelInfo channel, Conversation conversation, SendMessageRequest body, UploadedFile? upload)
    {
        var caps = channel.Capabilities;
        if (!caps.CanSend || channel.Status == "disabled")
            throw new ApiException(409, "channel_cannot_send", $"This {channel.Type} channel does not send messages.");
        if (body.Type == "template" && !caps.SupportsTemplates)
            throw new ApiException(400, "template_unsupported", $"{channel.Type} channels have no message templates.");
        if (body.Type != "template" && !caps.MessageTypes.Contains(body.Type))
            throw new ApiException(400, "type_unsupported", $"{channel.Type} channels cannot send {body.Type} messages.");
        var characters = body.Content?.EnumerateRunes().Count() ?? 0;
        if (body.Type == "text" && characters > caps.MaxTextLength)
            throw new ApiException(400, "text_too_long", $"{channel.Type} text messages are limited to {caps.MaxTextLength} characters; this one has {characters}.");
        if (body.Type is "image" or "audio" or "video" or "file" && characters > caps.MaxCaptionLength)
            throw new ApiException(400, "caption_too_long", $"{channel.Type} captions are limited to {caps.MaxCaptionLength} characters; this one has {characters}.");
        if (upload is not null)
        {
            if (caps.MaxMediaBytes.TryGetValue(body.Type, out var max) && upload.Content.Length > max)
                throw new ApiException(413, "media_too_large", $"{channel.Type} channels send {body.Type} files of at most {max / (1024 * 1024)} MiB; this one is {upload.Content.Length} bytes.");
            if (caps.MediaByLinkOnly && !links.Available)
                throw new ApiException(409, "public_url_required",
                    $"{channel.Type} fetches media by URL, and this API has no public address to give it (set Omni:PublicBaseUrl). Send the file as media_url instead.");
        }
        if (body.Type != "template" && caps.CustomerServiceWindow is { } window
            && (conversation.LastInboundAt is not { } last || last + window < DbClock.Now))
            throw new ApiException(409, "window_closed", caps.SupportsTemplates
                ? $"The {(int)window.TotalHours}-hour customer service window is closed: the contact has not written in that time. Send an approved template instead (type \"template\")."
                : $"The {(int)window.TotalHours}-hour customer service window is closed: the contact has not written in that time, and {channel.Type} has no templates. The conversation can go on when the contact writes again.");
        if (body.MediaUrl is { } url)
        {
            try { fetcher.EnsureAllowedUrl(new Uri(url)); }
            catch (FetchException e) { throw new ApiException(400, "invalid_media_url", e.Message); }
        }
    }
}
