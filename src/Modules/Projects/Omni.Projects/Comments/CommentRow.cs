using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Projects.Data;

namespace Omni.Projects.Comments;

internal static class CommentRow
{
    /// <summary>The comment's author; 404 when the task has no such comment.</summary>
    public static async Task<Guid?> AuthorAsync(DbSession session, Guid orgId, Guid taskId, Guid commentId, CancellationToken ct)
    {
        var rows = await session.ListAsync("select author_id from projects.comments where org_id = $1 and task_id = $2 and id = $3",
            r => r.GuidOrNull(0), ct, orgId, taskId, commentId);
        return rows.Count == 1 ? rows[0] : throw new ApiException(StatusCodes.Status404NotFound, "not_found", "No such comment.");
    }

    public static ApiException NotTheAuthor() =>
        new(StatusCodes.Status403Forbidden, "not_comment_author", "Only a comment's author edits it (and the org's owners and admins delete it).");
}
