using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Data;

namespace Omni.Projects.ListProjects;

internal static class ListProjectsEndpoint
{
    /// <summary>Newest first. <c>status</c>: one of active, on_hold, completed, archived. <c>member_id</c>:
    /// projects that user works on (<c>me</c> for the caller). <c>q</c>: text in the name.</summary>
    public static async Task<Results<Ok<Page<ProjectResponse>>, ProblemHttpResult>> Handle(
        string? status,
        [FromQuery(Name = "member_id")] string? memberId,
        string? q,
        int? limit,
        string? cursor,
        DbSession session, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        if (status is not null && !ProjectStatuses.All.Contains(status))
            return ApiProblem.Validation("status", $"status must be one of {string.Join(", ", ProjectStatuses.All)}.");
        Guid? member = null;
        if (memberId == "me") member = request.UserId ?? Guid.Empty;
        else if (memberId is not null)
        {
            if (!Guid.TryParse(memberId, out var m)) return ApiProblem.Validation("member_id", "member_id must be me or a user id.");
            member = m;
        }
        if (q is { Length: > 200 }) return ApiProblem.Validation("q", "q is at most 200 characters.");

        var sql = ProjectResponse.Select + """
             where p.org_id = $1
               and ($2::text is null or p.status = $2)
               and ($3::uuid is null or exists (select 1 from projects.project_members m where m.org_id = $1 and m.project_id = p.id and m.user_id = $3))
               and ($4::text is null or p.name ilike $4 escape '\')
               and ($5::timestamptz is null or (p.created_at, p.id) < ($5, $6::uuid))
             order by p.created_at desc, p.id desc
            """ + $" limit {take + 1}";
        var rows = await session.ListAsync(sql, ProjectResponse.Read, ct,
            request.OrgId, status, member, string.IsNullOrWhiteSpace(q) ? null : "%" + Like.Escape(q.Trim()) + "%",
            after?.At, after?.Id);
        return TypedResults.Ok(Paging.ToPage(rows, take, p => new KeysetCursor(p.CreatedAt, p.Id), p => p));
    }
}
