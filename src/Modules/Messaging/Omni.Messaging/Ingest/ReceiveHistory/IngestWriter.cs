using NpgsqlTypes;
using Omni.Channels.Contracts;
using Omni.Contacts.Contracts;
using Omni.Messaging.Core;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Ingest.ReceiveHistory;

/// <summary>Writes one checked request into the connection's channel, as the system for its org, in the
/// caller's transaction. Cheap for threads seen before: one query finds every existing conversation of the
/// request by external id (their contacts are not matched again); only new threads go through contact
/// matching. Every message of the request is then stored by one statement (deduplicated per channel by
/// the source's id, also within the request) and linked media by one more. Imported messages raise no
/// events, count no unread and reopen nothing: history is not new traffic.</summary>
internal sealed class IngestWriter(ConversationStore store, IContactDirectory contacts, IChannelGateway channels, DbSession session, RequestContext request)
{
    public async Task<IngestResponse> WriteAsync(IngestConnectionInfo connection, IReadOnlyList<ParsedConversation> conversations, CancellationToken ct)
    {
        var count = conversations.Count;
        var results = new IngestResult[count];
        var refs = new ConversationRef?[count];
        var createdHere = new bool[count];

        var known = await FindExistingAsync(connection, conversations.Where(c => c.Error is null).Select(c => c.ExternalId!).Distinct().ToArray(), ct);
        var fresh = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var conversation = conversations[i];
            if (conversation.Error is { } error)
                results[i] = new IngestResult(conversation.ExternalId, 0, IngestStatuses.Error(error), null);
            else if (known.TryGetValue(conversation.ExternalId!, out var existing))
                refs[i] = existing;
            else
                fresh.Add(i);
        }
        if (fresh.Count > 0)
        {
            // New threads: their participants matched or created in one batch, then their inboxes and
            // conversations in one more. A thread twice in the request is created once (its first participant counts).
            var identifiers = fresh.Select(i => IngestPlatforms.IdentifierFor(connection.Platform, conversations[i].Participant!)).ToList();
            var people = await contacts.FindOrCreateManyAsync(
                fresh.Select((i, n) => new ContactRequest(identifiers[n], conversations[i].ParticipantName)).ToList(), ct);
            var threads = new List<ExternalThread>();
            for (var n = 0; n < fresh.Count; n++)
            {
                var i = fresh[n];
                if (people[n].Match is { } match)
                    threads.Add(new ExternalThread(conversations[i].ExternalId!, match.ContactId, people[n].Name, IngestPlatforms.SourceIdFor(identifiers[n])));
                else
                    results[i] = new IngestResult(conversations[i].ExternalId, 0, IngestStatuses.Error($"invalid participant_identifier: {people[n].Error}"), null);
            }
            var channel = await channels.GetAsync(connection.ChannelId, ct);
            var made = await store.EnsureExternalConversationsAsync(connection.ChannelId, channel?.Type ?? connection.Platform, threads, ct);
            var claimed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var i in fresh)
            {
                if (results[i] is not null) continue;
                var conversation = made[conversations[i].ExternalId!];
                // The result says "created" once per new thread: for its first appearance in the request.
                createdHere[i] = conversation.Created && claimed.Add(conversations[i].ExternalId!);
                refs[i] = conversation;
            }
        }

        var rows = new List<(ConversationRef, NewMessage)>();
        var owner = new Dictionary<Guid, int>();
        var media = new Dictionary<Guid, (string Kind, string Url)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (refs[i] is not { } conversation) continue;
            foreach (var message in conversations[i].Messages)
            {
                if (!seen.Add(message.Id)) continue; // the same id twice in one request: the first one counts
                var row = ToNew(message, conversation.ContactId);
                rows.Add((conversation, row));
                owner[row.Id] = i;
                if (message.MediaUrl is { } url) media[row.Id] = (AttachmentKinds.Normalize(message.Type), url);
            }
        }

        var added = new int[count];
        var stored = await store.AppendManyAsync(rows, ct);
        foreach (var id in stored) added[owner[id]]++;
        await LinkMediaAsync(stored.Where(media.ContainsKey).Select(id => (id, media[id])).ToList(), ct);

        for (var i = 0; i < count; i++)
        {
            if (refs[i] is not { } conversation) continue;
            var status = createdHere[i] ? IngestStatuses.Created : added[i] > 0 ? IngestStatuses.Updated : IngestStatuses.NoNewMessages;
            results[i] = new IngestResult(conversations[i].ExternalId, added[i], status, conversation.Id);
        }
        return new IngestResponse(true, count, results);
    }

    private static NewMessage ToNew(ParsedMessage m, Guid contactId)
    {
        var inbound = m.Direction == "inbound";
        // Outbound history was sent by someone on the business's side, from the platform's own app: no agent of ours.
        return new NewMessage(Guid.CreateVersion7(), m.Direction, m.Type, m.Content, "{}", inbound ? "contact" : "agent", inbound ? contactId : null,
            Private: false, m.Id, "sent", m.SentAt, Imported: true);
    }

    /// <summary>The request's threads that exist already, by external id. Also notes that the connection
    /// was used (at most once a minute, and never waiting for a concurrent request that is noting it).</summary>
    private async Task<Dictionary<string, ConversationRef>> FindExistingAsync(IngestConnectionInfo connection, string[] externalIds, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            with touched as (
              update messaging.ingest_connections set last_used_at = now()
              where id = (select id from messaging.ingest_connections
                          where id = $3 and (last_used_at is null or last_used_at < now() - interval '1 minute')
                          for update skip locked))
            -- one index probe per thread: "external_id = any($2)" would read every entry of the channel
            select c.external_id, c.id, c.contact_id from unnest($2::text[]) as x(external_id)
            cross join lateral (select c.external_id, c.id, c.contact_id from messaging.conversations c
                                where c.channel_id = $1 and c.external_id = x.external_id limit 1) as c
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, connection.ChannelId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, externalIds);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, connection.Id);
        var found = new Dictionary<string, ConversationRef>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found[reader.GetString(0)] = new ConversationRef(reader.GetGuid(1), reader.GetGuid(2), connection.ChannelId, Created: false);
        return found;
    }

    /// <summary>Media of stored messages, kept as links (status <c>linked</c>): ingested history is never fetched.</summary>
    private async Task LinkMediaAsync(IReadOnlyList<(Guid MessageId, (string Kind, string Url) Media)> links, CancellationToken ct)
    {
        if (links.Count == 0) return;
        await using var cmd = await session.CommandAsync("""
            insert into messaging.attachments (id, org_id, message_id, kind, source_ref, status)
            select t.id, $2, t.message_id, t.kind, t.url, 'linked'
            from unnest($1::uuid[], $3::uuid[], $4::text[], $5::text[]) as t(id, message_id, kind, url)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, links.Select(_ => Guid.CreateVersion7()).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, links.Select(l => l.MessageId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, links.Select(l => l.Media.Kind).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, links.Select(l => l.Media.Url).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
