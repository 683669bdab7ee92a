using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;

namespace Omni.Messaging.Inbox.OnContactChanged;

/// <summary>Two contacts became one: the source's channel identities (contact_inboxes) and conversations
/// move to the target. Where both had a live conversation open on the same channel (a contact has at most
/// one), they become one thread: the source's messages move into the target's conversation, which takes
/// the newer activity, both unread counts, both labels, the higher priority, the more active status
/// (open, then pending, then snoozed) and the target's assignee or else the source's; the emptied source
/// conversation is deleted (its id then answers 404; its messages keep their ids). Messages the source
/// contact sent name the target as sender. Safe to run twice: the second run finds nothing of the source.</summary>
internal sealed class ContactMergedHandler(DbSession session, ContactNames names) : IIntegrationEventHandler<ContactsMerged>
{
    public async Task HandleAsync(ContactsMerged e, CancellationToken ct)
    {
        var (source, target) = (e.SourceContactId, e.TargetContactId);

        await ExecAsync("update messaging.contact_inboxes set contact_id = $2 where contact_id = $1", source, target, ct);

        // Pairs of open live conversations on the same channel: merged into the target's.
        const string Pairs = """
            select s.id as source_id, t.id as target_id
            from messaging.conversations s
            join messaging.conversations t on t.channel_id = s.channel_id and t.contact_id = $2
                                          and t.status <> 'resolved' and t.external_id is null
            where s.contact_id = $1 and s.status <> 'resolved' and s.external_id is null
            """;
        await ExecAsync($"""
            update messaging.messages m set conversation_id = p.target_id, updated_at = now()
            from ({Pairs}) p where m.conversation_id = p.source_id
            """, source, target, ct);
        await ExecAsync($"""
            update messaging.conversations t set
              last_message_at = greatest(t.last_message_at, s.last_message_at),
              last_message_preview = case when s.last_message_at > coalesce(t.last_message_at, '-infinity') then s.last_message_preview else t.last_message_preview end,
              last_inbound_at = greatest(t.last_inbound_at, s.last_inbound_at),
              unread_count = t.unread_count + s.unread_count,
              contact_last_seen_at = greatest(t.contact_last_seen_at, s.contact_last_seen_at),
              agent_last_seen_at = least(t.agent_last_seen_at, s.agent_last_seen_at),
              labels = (select coalesce(array_agg(distinct l order by l), array[]::text[]) from unnest(t.labels || s.labels) l),
              assignee_id = coalesce(t.assignee_id, s.assignee_id),
              priority = (array['none', 'low', 'medium', 'high', 'urgent'])[greatest(
                array_position(array['none', 'low', 'medium', 'high', 'urgent'], t.priority),
                array_position(array['none', 'low', 'medium', 'high', 'urgent'], s.priority))],
              status = case when 'open' in (t.status, s.status) then 'open' when 'pending' in (t.status, s.status) then 'pending' else 'snoozed' end,
              -- both snoozed: the target's time, which its wake-up job is due at
              snoozed_until = case when 'open' in (t.status, s.status) or 'pending' in (t.status, s.status) then null else t.snoozed_until end,
              updated_at = now()
            from ({Pairs}) p join messaging.conversations s on s.id = p.source_id
            where t.id = p.target_id
            """, source, target, ct);
        await ExecAsync($"delete from messaging.conversations d using ({Pairs}) p where d.id = p.source_id", source, target, ct);

        // Everything else (resolved, ingested threads, channels the target has no open conversation on) moves as it is.
        await ExecAsync("update messaging.conversations set contact_id = $2, updated_at = now() where contact_id = $1", source, target, ct);
        await ExecAsync("""
            update messaging.messages set sender_id = $2
            where conversation_id in (select id from messaging.conversations where contact_id = $2)
              and sender_type = 'contact' and sender_id = $1
            """, source, target, ct);

        await names.RefreshAsync(target, ct);
    }

    private async Task ExecAsync(string sql, Guid source, Guid target, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(sql, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, source);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, target);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
