using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Comments;

internal static class UpdateCommentEndpoint
{
    /// <summary>Only the author edits a comment.</summary>
    public static async Task<Ok<CommentResponse>> Handle(
        Guid id, Guid commentId, UpdateCommentRequest body, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var author = await CommentRow.AuthorAsync(session, request.OrgId, id, commentId, ct);
        if (author is null || author != access.UserId) throw CommentRow.NotTheAuthor();
        var comment = await session.SingleAsync($"""
            update projects.comments c set body = $4, updated_at = now(), edited_at = now()
            where c.org_id = $1 and c.task_id = $2 and c.id = $3
            returning {CommentResponse.Columns}
            """, CommentResponse.Read, ct, request.OrgId, id, commentId, body.Body.Trim());
        return TypedResults.Ok(comment!);
    }
}
