using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Comments;

internal static class AddCommentEndpoint
{
    /// <summary>Anyone who writes may comment on any task of the org (agents limited to their own tasks
    /// still discuss the others).</summary>
    public static async Task<Created<CommentResponse>> Handle(
        Guid id, AddCommentRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        await TaskRow.GetAsync(session, request.OrgId, id, ct);
        var comment = await session.SingleAsync($"""
            insert into projects.comments as c (id, org_id, task_id, author_id, body) values ($1, $2, $3, $4::uuid, $5)
            returning {CommentResponse.Columns}
            """, CommentResponse.Read, ct, Guid.CreateVersion7(), request.OrgId, id, access.UserId, body.Body.Trim());
        return TypedResults.Created($"/api/v1/tasks/{id}/comments/{comment!.Id}", comment);
    }
}
