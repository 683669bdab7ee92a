using NpgsqlTypes;
using Omni.Channels.Contracts;
using Omni.Contacts.Contracts;
using Omni.Messaging.Inbox.OnContactChanged;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Core;

/// <summary>Where inbound webhooks, ingested history and outbound sends meet the inbox: the contact's
/// identity on a channel, its one open conversation, and storing messages idempotently while keeping
/// the conversation's activity (last message, preview, unread count, last inbound time) right. Plain SQL
/// on the request's session: each step is one round trip and safe under concurrency.</summary>
internal sealed class ConversationStore(DbSession session, RequestContext request, IContactDirectory contacts, IChannelGateway channels, ContactNames names)
{
    /// <summary>The contact as known to a channel (<paramref name="sourceId"/>: wa_id, chat id, IGSID, ...).
    /// If the channel already knows that source id, the existing row wins.</summary>
    public async Task<(Guid Id, Guid ContactId)> EnsureContactInboxAsync(Guid channelId, Guid contactId, string sourceId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var cmd = await session.CommandAsync("""
                with ins as (
                  insert into messaging.contact_inboxes (id, org_id, contact_id, channel_id, source_id) values ($1, $2, $3, $4, $5)
                  on conflict (channel_id, source_id) do nothing
                  returning id, contact_id)
                select id, contact_id from ins
                union all
                select id, contact_id from messaging.contact_inboxes where channel_id = $4 and source_id = $5
                limit 1
                """, ct);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, sourceId);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) return (reader.GetGuid(0), reader.GetGuid(1));
            // Another transaction inserted it while we waited; its row is visible to the next statement.
            if (attempt > 2) throw new InvalidOperationException("contact inbox could not be created or found");
        }
    }

    /// <summary>The contact's open (not resolved) live conversation on the channel, created when there is none.
    /// The partial unique index means two concurrent calls still end with one.</summary>
    public async Task<ConversationRef> EnsureOpenConversationAsync(Guid channelId, Guid contactId, Guid contactInboxId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var cmd = await session.CommandAsync("""
                with existing as (
                  select id from messaging.conversations
                  where contact_id = $3 and channel_id = $4 and status <> 'resolved' and external_id is null
                  limit 1),
                ins as (
                  insert into messaging.conversations (id, org_id, contact_id, channel_id, contact_inbox_id)
                  select $1, $2, $3, $4, $5 where not exists (select 1 from existing)
                  on conflict (contact_id, channel_id) where status <> 'resolved' and external_id is null do nothing
                  returning id)
                select id, false from existing
                union all
                select id, true from ins
                """, ct);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactInboxId);
            ConversationRef? found = null;
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct)) found = new ConversationRef(reader.GetGuid(0), contactId, channelId, reader.GetBoolean(1));
            }
            if (found is not null) return await DescribeIfNewAsync(found, ct);
            if (attempt > 2) throw new InvalidOperationException("conversation could not be created or found");
        }
    }

    /// <summary>The conversations ingested threads map to (by the source's thread id), with their contact
    /// inboxes, created when new, in four statements whatever their number. An inbox or thread that exists
    /// already wins (its contact stays); one that a concurrent request is creating is waited for and then
    /// read, since every statement sees what committed before it. Results are keyed by external id.</summary>
    public async Task<Dictionary<string, ConversationRef>> EnsureExternalConversationsAsync(
        Guid channelId, string channelType, IReadOnlyList<ExternalThread> threads, CancellationToken ct)
    {
        var result = new Dictionary<string, ConversationRef>(StringComparer.Ordinal);
        if (threads.Count == 0) return result;
        var bySource = threads.DistinctBy(t => t.SourceId).ToList();
        await using (var insert = await session.CommandAsync("""
            insert into messaging.contact_inboxes (id, org_id, contact_id, channel_id, source_id)
            select t.id, $2, t.contact_id, $1, t.source_id from unnest($3::uuid[], $4::uuid[], $5::text[]) as t(id, contact_id, source_id)
            on conflict (channel_id, source_id) do nothing
            """, ct))
        {
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, bySource.Select(_ => Guid.CreateVersion7()).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, bySource.Select(t => t.ContactId).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, bySource.Select(t => t.SourceId).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }
        var inboxes = new Dictionary<string, (Guid Id, Guid ContactId)>(StringComparer.Ordinal);
        // One index probe per id (as for the conversations below).
        await using (var select = await session.CommandAsync("""
            select i.source_id, i.id, i.contact_id from unnest($2::text[]) as x(source_id)
            cross join lateral (select i.source_id, i.id, i.contact_id from messaging.contact_inboxes i
                                where i.channel_id = $1 and i.source_id = x.source_id limit 1) as i
            """, ct))
        {
            select.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
            select.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, bySource.Select(t => t.SourceId).ToArray());
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) inboxes[reader.GetString(0)] = (reader.GetGuid(1), reader.GetGuid(2));
        }

        var rows = threads.DistinctBy(t => t.ExternalId).Select(t =>
        {
            var inbox = inboxes[t.SourceId];
            return (Id: Guid.CreateVersion7(), Thread: t, Inbox: inbox.Id, inbox.ContactId, Name: inbox.ContactId == t.ContactId ? t.ContactName : null);
        }).ToList();
        var created = new HashSet<Guid>();
        await using (var insert = await session.CommandAsync("""
            insert into messaging.conversations (id, org_id, contact_id, channel_id, contact_inbox_id, external_id, contact_name, channel_type)
            select t.id, $2, t.contact_id, $1, t.inbox_id, t.external_id, t.contact_name, $3
            from unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[]) as t(id, contact_id, inbox_id, external_id, contact_name)
            on conflict (channel_id, external_id) where external_id is not null do nothing
            returning id
            """, ct))
        {
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            insert.Parameters.AddWithValue(NpgsqlDbType.Text, channelType);
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, rows.Select(r => r.Id).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, rows.Select(r => r.ContactId).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, rows.Select(r => r.Inbox).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Thread.ExternalId).ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => (object?)r.Name ?? DBNull.Value).ToArray());
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) created.Add(reader.GetGuid(0));
        }
        // A contact inbox that already belonged to another contact: the new thread shows that contact's name.
        foreach (var row in rows.Where(r => r.Name is null && r.ContactId != r.Thread.ContactId && created.Contains(r.Id)))
            await names.RefreshAsync(row.ContactId, ct);

        // One index probe per thread: "external_id = any($2)" would read every index entry of the channel,
        // live or dead, once the table's statistics say the channel is small.
        await using (var select = await session.CommandAsync("""
            select c.external_id, c.id, c.contact_id from unnest($2::text[]) as x(external_id)
            cross join lateral (select c.external_id, c.id, c.contact_id from messaging.conversations c
                                where c.channel_id = $1 and c.external_id = x.external_id limit 1) as c
            """, ct))
        {
            select.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
            select.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Thread.ExternalId).ToArray());
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetGuid(1);
                result[reader.GetString(0)] = new ConversationRef(id, reader.GetGuid(2), channelId, created.Contains(id));
            }
        }
        return result;
    }

    /// <summary>A new conversation gets what the inbox list shows of its contact and channel, so that the list
    /// reads one table (the name then follows Contacts' events: see Inbox/OnContactChanged).</summary>
    private async Task<ConversationRef> DescribeIfNewAsync(ConversationRef conversation, CancellationToken ct)
    {
        if (!conversation.Created) return conversation;
        var contact = await contacts.GetAsync(conversation.ContactId, ct);
        var channel = await channels.GetAsync(conversation.ChannelId, ct);
        await using var cmd = await session.CommandAsync(
            "update messaging.conversations set contact_name = $2, channel_type = $3 where id = $1", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, conversation.Id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)contact?.Name ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)channel?.Type ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
        return conversation;
    }

    /// <summary>Stores the messages that are not stored yet (by external id) and moves the conversation's
    /// activity forward: newest message and preview (older history does not replace them), unread count for
    /// live inbound messages, the last inbound time, and a snoozed conversation reopens on a live inbound
    /// message. Returns the ids actually stored. One statement.</summary>
    public Task<IReadOnlyList<Guid>> AppendAsync(ConversationRef conversation, IReadOnlyList<NewMessage> messages, CancellationToken ct) =>
        AppendManyAsync(messages.Select(m => (conversation, m)).ToList(), ct);

    /// <summary><see cref="AppendAsync"/> for many conversations at once, in one statement (ingested history
    /// arrives in batches of hundreds of messages over dozens of threads), the activity rules applied per
    /// conversation. Messages are stored once per channel and
    /// external id, the first of a batch winning. Returns the ids actually stored.</summary>
    public async Task<IReadOnlyList<Guid>> AppendManyAsync(IReadOnlyList<(ConversationRef Conversation, NewMessage Message)> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return [];
        var unique = messages.DistinctBy(m => (m.Conversation.ChannelId, m.Message.ExternalId ?? m.Message.Id.ToString())).ToList();
        await using var cmd = await session.CommandAsync("""
            with input as (
              select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::uuid[],
                                   $10::bool[], $11::text[], $12::text[], $13::timestamptz[], $14::bool[], $15::text[])
                as t(id, conversation_id, channel_id, direction, type, content, attrs, sender_type, sender_id,
                     private, external_id, status, sent_at, imported, preview)
              -- a message stored before costs an index probe here, and no row checks or insert attempt below
              where t.external_id is null or not exists (
                select 1 from messaging.messages m where m.channel_id = t.channel_id and m.external_id = t.external_id)),
            ins as (
              insert into messaging.messages (id, org_id, conversation_id, channel_id, direction, type, content, content_attributes,
                                              sender_type, sender_id, private, external_id, status, sent_at, imported)
              select i.id, $16, i.conversation_id, i.channel_id, i.direction, i.type, i.content, i.attrs, i.sender_type, i.sender_id, i.private,
                     i.external_id, i.status, i.sent_at, i.imported
              from input i
              on conflict (channel_id, external_id) where external_id is not null do nothing
              returning id, conversation_id, direction, sent_at, private, imported),
            stored as (
              select ins.*, i.preview from ins join input i on i.id = ins.id),
            agg as (
              select conversation_id,
                     max(sent_at) filter (where not private) as newest_at,
                     (array_agg(preview order by sent_at desc, id desc) filter (where not private))[1] as newest_preview,
                     count(*) filter (where direction = 'inbound' and not imported) as live_inbound,
                     max(sent_at) filter (where direction = 'inbound') as last_inbound
              from stored group by conversation_id),
            activity as (
              update messaging.conversations c set
                last_message_at = case when agg.newest_at >= coalesce(c.last_message_at, '-infinity') then agg.newest_at else c.last_message_at end,
                last_message_preview = case when agg.newest_at >= coalesce(c.last_message_at, '-infinity') then agg.newest_preview else c.last_message_preview end,
                unread_count = c.unread_count + agg.live_inbound,
                last_inbound_at = greatest(c.last_inbound_at, agg.last_inbound),
                status = case when c.status = 'snoozed' and agg.live_inbound > 0 then 'open' else c.status end,
                snoozed_until = case when c.status = 'snoozed' and agg.live_inbound > 0 then null else c.snoozed_until end,
                updated_at = now()
              from agg
              where c.id = agg.conversation_id and (agg.newest_at is not null or agg.last_inbound is not null)
              returning c.id)
            select id from ins
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, unique.Select(m => m.Message.Id).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, unique.Select(m => m.Conversation.Id).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, unique.Select(m => m.Conversation.ChannelId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, unique.Select(m => m.Message.Direction).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, unique.Select(m => m.Message.Type).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, unique.Select(m => m.Message.Content).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Jsonb, unique.Select(m => m.Message.ContentAttributesJson).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, unique.Select(m => m.Message.SenderType).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, unique.Select(m => m.Message.SenderId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Boolean, unique.Select(m => m.Message.Private).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, unique.Select(m => m.Message.ExternalId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, unique.Select(m => m.Message.Status).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, unique.Select(m => m.Message.SentAt.UtcDateTime).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Boolean, unique.Select(m => m.Message.Imported).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, unique.Select(m => m.Message.Preview).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);

        var stored = new List<Guid>(unique.Count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) stored.Add(reader.GetGuid(0));
        return stored;
    }
}
