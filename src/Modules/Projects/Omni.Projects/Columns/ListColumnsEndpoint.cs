using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Projects.Data;

namespace Omni.Projects.Columns;

internal static class ListColumnsEndpoint
{
    /// <summary>The project's board columns, left to right.</summary>
    public static async Task<Ok<IReadOnlyList<ColumnResponse>>> Handle(Guid id, DbSession session, RequestContext request, CancellationToken ct)
    {
        await ProjectRow.GetAsync(session, request.OrgId, id, ct);
        return TypedResults.Ok(await ColumnQueries.ListAsync(session, request.OrgId, id, ct));
    }
}
