using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Data;

namespace Omni.Projects.Comments;

internal static class ListCommentsEndpoint
{
    /// <summary>Oldest first. Pass <c>next_cursor</c> back as <c>cursor</c> for the next page.</summary>
    public static async Task<Ok<Page<CommentResponse>>> Handle(
        Guid id, int? limit, string? cursor, DbSession session, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        await TaskRow.GetAsync(session, request.OrgId, id, ct);
        var rows = await session.ListAsync($"""
            select {CommentResponse.Columns} from projects.comments c
            where c.org_id = $1 and c.task_id = $2 and ($3::timestamptz is null or (c.created_at, c.id) > ($3, $4::uuid))
            order by c.created_at, c.id limit {take + 1}
            """, CommentResponse.Read, ct, request.OrgId, id, after?.At, after?.Id);
        return TypedResults.Ok(Paging.ToPage(rows, take, c => new KeysetCursor(c.CreatedAt, c.Id), c => c));
    }
}
