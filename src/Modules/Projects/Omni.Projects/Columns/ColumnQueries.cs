using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Projects.Data;

namespace Omni.Projects.Columns;

internal sealed record ColumnRow(Guid Id, Guid ProjectId, string Name, int Position, bool IsDone);

internal static class ColumnQueries
{
    public static async Task<IReadOnlyList<ColumnResponse>> ListAsync(DbSession session, Guid orgId, Guid projectId, CancellationToken ct) =>
        await session.ListAsync(
            "select id, name, position, is_done from projects.columns where org_id = $1 and project_id = $2 order by position, id",
            r => new ColumnResponse(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetBoolean(3)), ct, orgId, projectId);

    /// <summary>A column of the org; <paramref name="forUpdate"/> locks it so that the moves and creations
    /// into it run one after the other (each reads its neighbours' ranks after the previous one committed).</summary>
    public static Task<ColumnRow?> FindAsync(DbSession session, Guid orgId, Guid columnId, CancellationToken ct, bool forUpdate = false) =>
        session.SingleAsync(
            "select id, project_id, name, position, is_done from projects.columns where org_id = $1 and id = $2" + (forUpdate ? " for no key update" : ""),
            r => new ColumnRow(r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetInt32(3), r.GetBoolean(4)), ct, orgId, columnId);

    public static async Task<ColumnRow> GetInProjectAsync(DbSession session, Guid orgId, Guid projectId, Guid columnId, CancellationToken ct, bool forUpdate = false) =>
        await FindAsync(session, orgId, columnId, ct, forUpdate) is { } c && c.ProjectId == projectId
            ? c
            : throw new ApiException(StatusCodes.Status404NotFound, "not_found", "No such column in this project.");
}
