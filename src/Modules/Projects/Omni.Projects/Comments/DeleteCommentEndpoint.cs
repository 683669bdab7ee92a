using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Comments;

internal static class DeleteCommentEndpoint
{
    /// <summary>The author deletes their comment; the org's owners and admins delete any (moderation).</summary>
    public static async Task<NoContent> Handle(
        Guid id, Guid commentId, DbSession session, ProjectAccess access, RequestContext request, CancellationToken ct)
    {
        var author = await CommentRow.AuthorAsync(session, request.OrgId, id, commentId, ct);
        if (!access.IsOrgManager && (author is null || author != access.UserId)) throw CommentRow.NotTheAuthor();
        await session.ExecAsync("delete from projects.comments where org_id = $1 and task_id = $2 and id = $3", ct, request.OrgId, id, commentId);
        return TypedResults.NoContent();
    }
}
