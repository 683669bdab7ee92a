using Npgsql;
using Omni.Projects.Data;

namespace Omni.Projects.Comments;

internal sealed record CommentResponse(Guid Id, Guid TaskId, Guid? AuthorId, string Body, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt)
{
    public const string Columns = "c.id, c.task_id, c.author_id, c.body, c.created_at, c.edited_at";

    public static CommentResponse Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), r.GuidOrNull(2), r.GetString(3), r.Time(4), r.TimeOrNull(5));
}
