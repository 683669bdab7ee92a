using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Omni.Messaging.Data;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.ListMessages;

internal static class ListMessagesEndpoint
{
    /// <summary>A conversation's messages, newest first; <c>before</c> (a message id, e.g. the page's
    /// <c>next_cursor</c>) continues with older ones. <c>after</c> (a message id, e.g. the newest one shown)
    /// gives the messages that came after it, oldest first, with <c>next_cursor</c> to continue forwards: the
    /// way to catch up when a new message arrives. Messages are ordered by when they happened on the
    /// platform (<c>sent_at</c>), then id. Attachments come with each message.</summary>
    public static async Task<Results<Ok<Page<MessageResponse>>, NotFound, ProblemHttpResult>> Handle(
        Guid id, Guid? before, Guid? after, int? limit, MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, _) = Paging.Read(limit, null);
        if (before is not null && after is not null) return ApiProblem.Validation("after", "Give before or after, not both.");
        var anchor = before ?? after;
        var forwards = after is not null;

        var parameters = new List<NpgsqlParameter>
        {
            new("conversation", NpgsqlDbType.Uuid) { Value = id },
            new("org", NpgsqlDbType.Uuid) { Value = request.OrgId },
        };
        var range = "";
        if (anchor is { } a)
        {
            // The anchor's position as (initplan value, parameter): a row comparison the index can range over.
            parameters.Add(new NpgsqlParameter("anchor", NpgsqlDbType.Uuid) { Value = a });
            range = $"""
                and (m.sent_at, m.id) {(forwards ? ">" : "<")}
                    ((select x.sent_at from messaging.messages x where x.id = @anchor and x.conversation_id = @conversation), @anchor)
                """;
        }
        var direction = forwards ? "asc" : "desc";
        // The generic plan knows only the average thread length (tens of messages), so it may take a bitmap
        // scan that reads and sorts the whole thread: 100,000 rows for a long one, instead of 51 index entries
        // in order. Without bitmap scans the ordered index scan is the only sensible plan. SET LOCAL lasts
        // until this request's transaction ends and returns no rows, so the query's rows come first.
        var sql = $"""
            set local enable_bitmapscan = off;
            select m.* from messaging.messages m
            where m.conversation_id = @conversation and m.org_id = @org {range}
            order by m.sent_at {direction}, m.id {direction}
            limit {(take + 1).ToString(CultureInfo.InvariantCulture)}
            """;
        var rows = await db.Messages.FromSqlRaw(sql, [.. parameters]).ToListAsync(ct);

        // No rows: an empty conversation, the end of it, a conversation that is not there, or an anchor that is
        // not one of its messages. Telling them apart costs a query only in this rare case.
        if (rows.Count == 0)
        {
            if (!await db.Conversations.AnyAsync(c => c.Id == id && c.OrgId == request.OrgId, ct)) return TypedResults.NotFound();
            if (anchor is { } given && !await db.Messages.AnyAsync(m => m.Id == given && m.ConversationId == id, ct))
                return ApiProblem.Validation(forwards ? "after" : "before", "Not a message of this conversation.");
        }
        var more = rows.Count > take;
        var items = (more ? rows.Take(take) : rows).Select(MessageResponse.From).ToList();
        return TypedResults.Ok(new Page<MessageResponse>(items, more ? rows[take - 1].Id.ToString() : null));
    }
}
