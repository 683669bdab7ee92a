using System.Text.Json;
using System.Text.Json.Nodes;
using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Messaging.Contracts;
using Omni.Messaging.Core;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbound;

/// <summary>Messaging's side of a webhook (see <see cref="IInboundSink"/>): contacts through the Contacts
/// contract, the contact's open conversation, messages stored once, media queued for fetching, and
/// delivery statuses that only move forward.</summary>
internal sealed class InboundSink(
    ConversationStore store, DeliveryReceipts receipts, IContactDirectory contacts, DbSession session, RequestContext request, JobQueue jobs, EventBus events) : IInboundSink
{
    public async Task ReceiveAsync(InboundBatch batch, CancellationToken ct)
    {
        foreach (var fromOneSender in batch.Messages.GroupBy(m => m.SenderId))
        {
            var first = fromOneSender.First();
            var contact = await contacts.FindOrCreateAsync(new ContactIdentifier(first.SenderIdentifierType, first.SenderIdentifierValue), first.SenderName, ct);
            var (inboxId, contactId) = await store.EnsureContactInboxAsync(batch.ChannelId, contact.ContactId, first.SenderId, ct);
            var conversation = await store.EnsureOpenConversationAsync(batch.ChannelId, contactId, inboxId, ct);

            var incoming = fromOneSender.OrderBy(m => m.SentAt).Select(m => (Source: m, Row: ToNew(m, contactId))).ToList();
            var stored = (await store.AppendAsync(conversation, incoming.Select(i => i.Row).ToList(), ct)).ToHashSet();
            var isFirst = conversation.Created;
            foreach (var (source, row) in incoming.Where(i => stored.Contains(i.Row.Id)))
            {
                if (source.Media is { } media) await QueueMediaAsync(row.Id, media, ct);
                await events.PublishAsync(new MessageReceived(request.OrgId, conversation.Id, row.Id, contactId, batch.ChannelId, isFirst, source.SentAt), ct);
                if (isFirst) await events.PublishAsync(new ConversationStarted(request.OrgId, conversation.Id, row.Id, contactId, batch.ChannelId, source.SentAt), ct);
                isFirst = false;
            }
        }
        await receipts.ApplyAsync(batch.ChannelId, batch.Statuses, ct);
    }

    private static NewMessage ToNew(InboundMessage m, Guid contactId)
    {
        var attributes = m.Attributes is { ValueKind: JsonValueKind.Object } a ? JsonNode.Parse(a.GetRawText())!.AsObject() : [];
        if (m.ReplyToExternalId is not null) attributes["in_reply_to_external_id"] = m.ReplyToExternalId;
        return new NewMessage(Guid.CreateVersion7(), "inbound", m.Type, m.Text ?? m.Media?.Caption, attributes.ToJsonString(),
            "contact", contactId, Private: false, m.ExternalId, "delivered", m.SentAt, Imported: false);
    }

    private async Task QueueMediaAsync(Guid messageId, InboundMedia media, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await using (var cmd = await session.CommandAsync("""
            insert into messaging.attachments (id, org_id, message_id, kind, mime_type, file_name, source_ref, status)
            values ($1, $2, $3, $4, $5, $6, $7, 'pending')
            """, ct))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, messageId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, AttachmentKinds.Normalize(media.Kind));
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)media.MimeType ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)media.FileName ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, media.MediaRef);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await jobs.EnqueueAsync(FetchMediaJob.Type, new FetchMediaPayload(id), ct: ct);
    }
}
