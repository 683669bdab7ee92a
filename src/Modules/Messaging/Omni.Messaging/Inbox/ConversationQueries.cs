using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Omni.Messaging.Data;
using Omni.Messaging.Domain;
using Omni.Platform.Http;

namespace Omni.Messaging.Inbox;

/// <summary>Reads of the inbox's conversation lists. Each is one SQL statement on one table, sent through
/// EF (so the session's role and claims ride ahead of it in the same round trip, docs/adr/0004), shaped so
/// that a page is one index range: filters are written into the SQL only when given (generic plans cannot
/// skip a clause by a parameter's value), the statuses are literals (so the partial indexes of unresolved
/// conversations apply), and the LIMIT is a constant. Under RLS only leakproof operators (uuid and text
/// equality) can be index conditions: a label or text filter reads the matching view's index in order and
/// filters, so it is fast for common matches and reads the whole view for rare ones.</summary>
internal static class ConversationQueries
{
    /// <summary>The entity's columns; a snoozed conversation whose time has passed reads as open (the
    /// wake-up job writes that down too, but may run a moment later).</summary>
    private const string Columns = """
        c.id, c.org_id, c.channel_id, c.channel_type, c.contact_id, c.contact_name, c.contact_inbox_id, c.external_id,
        case when c.status = 'snoozed' and c.snoozed_until <= now() then 'open' else c.status end as status,
        case when c.status = 'snoozed' and c.snoozed_until <= now() then null else c.snoozed_until end as snoozed_until,
        c.priority, c.assignee_id, c.labels, c.last_message_at, c.last_message_preview, c.last_inbound_at, c.unread_count,
        c.contact_last_seen_at, c.agent_last_seen_at, c.created_at, c.updated_at
        """;

    private const string Order = "order by c.last_message_at desc nulls last, c.id desc";

    public static async Task<ConversationResponse?> GetAsync(MessagingDbContext db, Guid orgId, Guid id, CancellationToken ct)
    {
        var rows = await db.Conversations.FromSqlRaw(
            $"select {Columns} from messaging.conversations c where c.id = @id and c.org_id = @org",
            Uuid("id", id), Uuid("org", orgId)).ToListAsync(ct);
        return rows.Count == 0 ? null : ConversationResponse.From(rows[0]);
    }

    /// <summary>One page in order of last activity (<c>last_message_at desc nulls last, id desc</c>).</summary>
    public static async Task<Page<ConversationResponse>> PageAsync(
        MessagingDbContext db, Guid orgId, ConversationFilter filter, ActivityCursor? cursor, int take, CancellationToken ct)
    {
        var parameters = new List<NpgsqlParameter> { Uuid("org", orgId) };
        var where = Where(filter, parameters);
        var limit = (take + 1).ToString(CultureInfo.InvariantCulture);
        string sql;
        if (cursor is null)
        {
            sql = $"select {Columns} from messaging.conversations c where {where} {Order} limit {limit}";
        }
        else if (cursor.Value.At is { } at)
        {
            // Older dated rows, then the undated ones: two index ranges. (One range with "or last_message_at
            // is null" would be read from the top of the list and filtered, slower with every page.)
            parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime });
            parameters.Add(Uuid("after", cursor.Value.Id));
            sql = $"""
                select * from (
                  (select {Columns} from messaging.conversations c where {where} and (c.last_message_at, c.id) < (@at, @after) {Order} limit {limit})
                  union all
                  (select {Columns} from messaging.conversations c where {where} and c.last_message_at is null {Order} limit {limit})
                ) c {Order} limit {limit}
                """;
        }
        else
        {
            parameters.Add(Uuid("after", cursor.Value.Id));
            sql = $"select {Columns} from messaging.conversations c where {where} and c.last_message_at is null and c.id < @after {Order} limit {limit}";
        }

        var rows = await db.Conversations.FromSqlRaw(sql, [.. parameters]).ToListAsync(ct);
        var more = rows.Count > take;
        var items = (more ? rows.Take(take) : rows).Select(ConversationResponse.From).ToList();
        return new Page<ConversationResponse>(items, more ? new ActivityCursor(rows[take - 1].LastMessageAt, rows[take - 1].Id).Encode() : null);
    }

    private static string Where(ConversationFilter filter, List<NpgsqlParameter> parameters)
    {
        var where = new StringBuilder("c.org_id = @org");
        where.Append(" and ").Append(StatusClause(filter.Statuses));
        if (filter.ChannelId is { } channel)
        {
            where.Append(" and c.channel_id = @channel");
            parameters.Add(Uuid("channel", channel));
        }
        if (filter.ContactId is { } contact)
        {
            where.Append(" and c.contact_id = @contact");
            parameters.Add(Uuid("contact", contact));
        }
        if (filter.Unassigned)
        {
            where.Append(" and c.assignee_id is null");
        }
        else if (filter.AssigneeId is { } assignee)
        {
            where.Append(" and c.assignee_id = @assignee");
            parameters.Add(Uuid("assignee", assignee));
        }
        if (filter.Label is { } label)
        {
            // A literal, not a parameter: the planner then knows from the column's statistics how common the
            // label is (ordered scan for a common one; a generic plan read the whole table for any label).
            // Labels are validated (no control characters); standard_conforming_strings is on (DbSession checks).
            where.Append(" and c.labels @> array['").Append(label.Replace("'", "''", StringComparison.Ordinal)).Append("']");
        }
        if (filter.Text is { } text)
        {
            where.Append(@" and (c.contact_name ilike @q escape '\' or c.last_message_preview ilike @q escape '\')");
            parameters.Add(new NpgsqlParameter("q", NpgsqlDbType.Text) { Value = "%" + EscapeLike(text) + "%" });
        }
        return where.ToString();
    }

    /// <summary>Statuses as the API shows them: an expired snooze counts as open, not snoozed.</summary>
    private static string StatusClause(IReadOnlyList<string>? statuses)
    {
        if (statuses is null) return "c.status <> 'resolved'";
        if (statuses.Count == 0) return "true";
        var arms = statuses.Select(s => s switch
        {
            ConversationStatuses.Open => "c.status = 'open' or (c.status = 'snoozed' and c.snoozed_until <= now())",
            ConversationStatuses.Snoozed => "(c.status = 'snoozed' and c.snoozed_until > now())",
            ConversationStatuses.Pending => "c.status = 'pending'",
            ConversationStatuses.Resolved => "c.status = 'resolved'",
            _ => throw new ArgumentOutOfRangeException(nameof(statuses), s, "unknown status"),
        });
        return "(" + string.Join(" or ", arms) + ")";
    }

    private static string EscapeLike(string s) =>
        s.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static NpgsqlParameter Uuid(string name, Guid value) => new(name, NpgsqlDbType.Uuid) { Value = value };
}

/// <summary>What a conversation list is narrowed to. <see cref="Statuses"/>: null for the default (every
/// status but resolved), empty for all.</summary>
internal sealed record ConversationFilter(
    IReadOnlyList<string>? Statuses = null,
    Guid? ChannelId = null,
    Guid? ContactId = null,
    Guid? AssigneeId = null,
    bool Unassigned = false,
    string? Label = null,
    string? Text = null);
