using Omni.Platform.Database;

namespace Omni.Projects.Data;

internal static class TaskQueries
{
    public static Task<TaskResponse?> GetAsync(DbSession session, Guid orgId, Guid id, CancellationToken ct) =>
        session.SingleAsync($"select {TaskResponse.Columns} from projects.tasks t where t.org_id = $1 and t.id = $2", TaskResponse.Read, ct, orgId, id);
}
