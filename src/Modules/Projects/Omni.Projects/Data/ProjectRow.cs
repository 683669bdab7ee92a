using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Projects.Data;

/// <summary>The few fields of a project that access checks need.</summary>
internal sealed record ProjectRow(Guid Id, Guid OwnerId, DateOnly? StartDate, DateOnly? EndDate)
{
    /// <summary>The project, locked against concurrent changes to its settings when <paramref name="forUpdate"/>.</summary>
    public static Task<ProjectRow?> FindAsync(DbSession session, Guid orgId, Guid id, CancellationToken ct, bool forUpdate = false) =>
        session.SingleAsync(
            "select id, owner_id, start_date, end_date from projects.projects where org_id = $1 and id = $2" + (forUpdate ? " for no key update" : ""),
            r => new ProjectRow(r.GetGuid(0), r.GetGuid(1), r.DateOrNull(2), r.DateOrNull(3)), ct, orgId, id);

    public static async Task<ProjectRow> GetAsync(DbSession session, Guid orgId, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await FindAsync(session, orgId, id, ct, forUpdate) ?? throw new ApiException(StatusCodes.Status404NotFound, "not_found", "No such project.");
}
