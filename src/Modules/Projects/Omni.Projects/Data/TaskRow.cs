using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Projects.Data;

/// <summary>The fields of a task that changes and access checks need.</summary>
internal sealed record TaskRow(Guid Id, Guid ProjectId, Guid ColumnId, string Rank, Guid? AssigneeId)
{
    /// <summary>The task, locked for the change when <paramref name="forUpdate"/>; 404 when the org has none such.</summary>
    public static async Task<TaskRow> GetAsync(DbSession session, Guid orgId, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await session.SingleAsync(
            "select id, project_id, column_id, rank, assignee_id from projects.tasks where org_id = $1 and id = $2" + (forUpdate ? " for update" : ""),
            r => new TaskRow(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GuidOrNull(4)), ct, orgId, id)
        ?? throw new ApiException(StatusCodes.Status404NotFound, "not_found", "No such task.");
}
