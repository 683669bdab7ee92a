using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Data;

namespace Omni.Projects.Activity;

internal sealed record ActivityResponse(Guid Id, Guid? ActorId, string Kind, RawJson<Dictionary<string, object>> Data, DateTimeOffset CreatedAt);

internal static class ListActivityEndpoint
{
    /// <summary>What happened to the task, oldest first: <c>created</c>, <c>updated</c> (with the fields
    /// changed), <c>moved</c> (from and to column).</summary>
    public static async Task<Ok<Page<ActivityResponse>>> Handle(
        Guid id, int? limit, string? cursor, DbSession session, RequestContext request, CancellationToken ct)
    {
        var (take, after) = Paging.Read(limit, cursor);
        await TaskRow.GetAsync(session, request.OrgId, id, ct);
        var rows = await session.ListAsync($"""
            select id, actor_id, kind, data::text, created_at from projects.task_activity
            where org_id = $1 and task_id = $2 and ($3::timestamptz is null or (created_at, id) > ($3, $4::uuid))
            order by created_at, id limit {take + 1}
            """, r => new ActivityResponse(r.GetGuid(0), r.GuidOrNull(1), r.GetString(2), new RawJson<Dictionary<string, object>>(r.GetString(3)), r.Time(4)),
            ct, request.OrgId, id, after?.At, after?.Id);
        return TypedResults.Ok(Paging.ToPage(rows, take, a => new KeysetCursor(a.CreatedAt, a.Id), a => a));
    }
}
