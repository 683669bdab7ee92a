using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Omni.Platform.Http;
using Omni.Projects.Data;

namespace Omni.Projects.ListTasks;

/// <summary>One SQL statement per page, with only the given filters written into it, shaped so a page is one
/// index range: a column by rank (org_id, column_id, rank), the views by due date over the open tasks
/// (partial indexes on due_key), anything else newest first (by project when given).</summary>
internal static class TaskListQuery
{
    public static async Task<Page<TaskResponse>> PageAsync(
        ProjectsDbContext db, Guid orgId, TaskFilter filter, string? cursor, int take, DateOnly today, CancellationToken ct)
    {
        var kind = filter.View is not null ? 'd' : filter.ColumnId is not null ? 'r' : 'c';
        var after = TaskCursor.Read(cursor, kind);
        var args = new List<NpgsqlParameter> { new("p1", orgId) };
        string Arg(object? value)
        {
            var name = "p" + (args.Count + 1).ToString(CultureInfo.InvariantCulture);
            args.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
            return "@" + name;
        }

        var where = new StringBuilder("t.org_id = @p1");
        switch (filter.View)
        {
            case "mine":
                where.Append(" and t.completed_at is null");
                break;
            case "overdue":
                where.Append(" and t.completed_at is null and t.due_key < ").Append(Arg(today)).Append("::date");
                break;
            case "due_soon":
                where.Append(" and t.completed_at is null and t.due_key >= ").Append(Arg(today))
                     .Append("::date and t.due_key <= ").Append(Arg(today.AddDays(filter.WithinDays))).Append("::date");
                break;
        }
        if (filter.ProjectId is { } project) where.Append(" and t.project_id = ").Append(Arg(project));
        if (filter.ColumnId is { } column) where.Append(" and t.column_id = ").Append(Arg(column));
        if (filter.Unassigned) where.Append(" and t.assignee_id is null");
        else if (filter.AssigneeId is { } assignee) where.Append(" and t.assignee_id = ").Append(Arg(assignee));
        if (filter.Label is { } label) where.Append(" and t.labels @> array[").Append(Arg(label)).Append("::text]");
        if (filter.Priority is { } priority) where.Append(" and t.priority = ").Append(Arg(priority));
        if (filter.Text is { } text)
        {
            var pattern = Arg("%" + Like.Escape(text) + "%");
            where.Append($@" and (t.title ilike {pattern} escape '\' or t.description ilike {pattern} escape '\')");
        }
        foreach (var (linkKind, target) in new[] { ("contact", filter.ContactId), ("lead", filter.LeadId), ("conversation", filter.ConversationId) })
        {
            if (target is not { } targetId) continue;
            where.Append(" and t.id in (select l.task_id from projects.task_links l where l.org_id = @p1 and l.kind = '").Append(linkKind)
                 .Append("' and l.target_id = ").Append(Arg(targetId)).Append(')');
        }

        string order;
        switch (kind)
        {
            case 'r':
                order = "t.rank";
                if (after is not null) where.Append(" and t.rank > ").Append(Arg(after.Rank));
                break;
            case 'd':
                order = "t.due_key, t.id";
                if (after is not null) where.Append(" and (t.due_key, t.id) > (").Append(Arg(after.DueKey)).Append("::date, ").Append(Arg(after.Id)).Append("::uuid)");
                break;
            default:
                order = "t.created_at desc, t.id desc";
                if (after is not null)
                    where.Append(" and (t.created_at, t.id) < (").Append(Arg(after.CreatedAt)).Append("::timestamptz, ").Append(Arg(after.Id)).Append("::uuid)");
                break;
        }

        // Through EF: the session's role and claims go ahead of the query in the same round trip.
        var sql = $"select {TaskResponse.Columns}, t.due_key from projects.tasks t where {where} order by {order} limit {take + 1}";
        var rows = await db.Tasks.FromSqlRaw(sql, [.. args]).ToListAsync(ct);
        var more = rows.Count > take;
        var items = rows.Take(take).Select(r => r.ToResponse()).ToList();
        if (!more) return new Page<TaskResponse>(items, null);
        var last = rows[take - 1];
        var next = kind switch
        {
            'r' => new TaskCursor('r', last.Rank, null, null, null),
            'd' => new TaskCursor('d', null, last.DueKey, null, last.Id),
            _ => new TaskCursor('c', null, null, last.CreatedAt, last.Id),
        };
        return new Page<TaskResponse>(items, next.Encode());
    }
}
