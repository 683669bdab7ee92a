using Npgsql;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Projects.Data;

namespace Omni.Projects;

internal sealed record ChecklistItemResponse(Guid Id, string Text, bool IsDone, int Position);

internal sealed record LinkResponse(Guid Id, string Type, Guid TargetId, DateTimeOffset CreatedAt);

/// <summary>A task as lists show it. <c>rank</c> orders the tasks of a column (compare as plain byte strings).</summary>
internal sealed record TaskResponse(
    Guid Id,
    Guid ProjectId,
    Guid ColumnId,
    string Rank,
    string Title,
    string? Description,
    string Priority,
    Guid? AssigneeId,
    DateOnly? DueDate,
    IReadOnlyList<string> Labels,
    DateTimeOffset? CompletedAt,
    Guid? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string Columns =
        "t.id, t.project_id, t.column_id, t.rank, t.title, t.description, t.priority, t.assignee_id, t.due_date, t.labels, " +
        "t.completed_at, t.created_by, t.created_at, t.updated_at";

    public static TaskResponse Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4), r.StringOrNull(5), r.GetString(6),
        r.GuidOrNull(7), r.DateOrNull(8), r.GetFieldValue<string[]>(9), r.TimeOrNull(10), r.GuidOrNull(11), r.Time(12), r.Time(13));
}

/// <summary>A task with its checklist (in order) and its links.</summary>
internal sealed record TaskDetailResponse(
    Guid Id,
    Guid ProjectId,
    Guid ColumnId,
    string Rank,
    string Title,
    string? Description,
    string Priority,
    Guid? AssigneeId,
    DateOnly? DueDate,
    IReadOnlyList<string> Labels,
    DateTimeOffset? CompletedAt,
    Guid? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    RawJson<IReadOnlyList<ChecklistItemResponse>> Checklist,
    RawJson<IReadOnlyList<LinkResponse>> Links)
{
    private const string Select = $"""
        select {TaskResponse.Columns},
          (select coalesce(json_agg(json_build_object('id', i.id, 'text', i.text, 'is_done', i.is_done, 'position', i.position)
                                    order by i.position, i.id), '[]'::json)
             from projects.checklist_items i where i.org_id = t.org_id and i.task_id = t.id)::text,
          (select coalesce(json_agg(json_build_object('id', l.id, 'type', l.kind, 'target_id', l.target_id, 'created_at', l.created_at)
                                    order by l.created_at, l.id), '[]'::json)
             from projects.task_links l where l.org_id = t.org_id and l.task_id = t.id)::text
        from projects.tasks t
        where t.org_id = $1 and t.id = $2
        """;

    public static Task<TaskDetailResponse?> GetAsync(DbSession session, Guid orgId, Guid id, CancellationToken ct) =>
        session.SingleAsync(Select, r =>
        {
            var t = TaskResponse.Read(r);
            return new TaskDetailResponse(t.Id, t.ProjectId, t.ColumnId, t.Rank, t.Title, t.Description, t.Priority, t.AssigneeId, t.DueDate,
                t.Labels, t.CompletedAt, t.CreatedBy, t.CreatedAt, t.UpdatedAt,
                new RawJson<IReadOnlyList<ChecklistItemResponse>>(r.GetString(14)), new RawJson<IReadOnlyList<LinkResponse>>(r.GetString(15)));
        }, ct, orgId, id);

    public static async Task<TaskDetailResponse> ReadBackAsync(DbSession session, Guid orgId, Guid id, CancellationToken ct) =>
        await GetAsync(session, orgId, id, ct) ?? throw new ApiException(StatusCodes.Status404NotFound, "not_found", "No such task.");
}
