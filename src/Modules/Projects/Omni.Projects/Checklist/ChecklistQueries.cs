using Omni.Platform.Database;
using Omni.Projects.Data;

namespace Omni.Projects.Checklist;

internal static class ChecklistQueries
{
    public static async Task<IReadOnlyList<ChecklistItemResponse>> ListAsync(DbSession session, Guid orgId, Guid taskId, CancellationToken ct) =>
        await session.ListAsync(
            "select id, text, is_done, position from projects.checklist_items where org_id = $1 and task_id = $2 order by position, id",
            r => new ChecklistItemResponse(r.GetGuid(0), r.GetString(1), r.GetBoolean(2), r.GetInt32(3)), ct, orgId, taskId);
}
