using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Leads.Contracts;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Projects.Access;
using Omni.Projects.Data;

namespace Omni.Projects.Links;

internal static class AddLinkEndpoint
{
    /// <summary>Links the task to a contact, lead or conversation of the org, checked through that module's
    /// contract (unknown: 400 naming <c>target_id</c>). Linking the same one twice answers 200 with the
    /// existing link.</summary>
    public static async Task<Results<Created<LinkResponse>, Ok<LinkResponse>, ProblemHttpResult>> Handle(
        Guid id, AddLinkRequest body, DbSession session, ProjectAccess access, IServiceProvider services, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var task = await TaskRow.GetAsync(session, orgId, id, ct, forUpdate: true);
        await access.EnsureMayEditTaskAsync(task.AssigneeId, ct);
        var existing = await FindAsync(session, orgId, id, body.Type, body.TargetId, ct);
        if (existing is not null) return TypedResults.Ok(existing);
        if (!await ExistsAsync(services, body.Type, body.TargetId, ct))
            return ApiProblem.Validation("target_id", $"No such {body.Type} in your org.");
        var count = await session.ScalarAsync<long>("select count(*) from projects.task_links where org_id = $1 and task_id = $2", ct, orgId, id);
        if (count >= ProjectLimits.LinksPerTask) return ApiProblem.Conflict("too_many_links", $"A task has at most {ProjectLimits.LinksPerTask} links.");

        var link = await session.SingleAsync("""
            insert into projects.task_links (id, org_id, task_id, kind, target_id) values ($1, $2, $3, $4, $5)
            returning id, kind, target_id, created_at
            """, Read, ct, Guid.CreateVersion7(), orgId, id, body.Type, body.TargetId);
        return TypedResults.Created($"/api/v1/tasks/{id}/links/{link!.Id}", link);
    }

    private static Task<LinkResponse?> FindAsync(DbSession session, Guid orgId, Guid taskId, string kind, Guid targetId, CancellationToken ct) =>
        session.SingleAsync(
            "select id, kind, target_id, created_at from projects.task_links where org_id = $1 and task_id = $2 and kind = $3 and target_id = $4",
            Read, ct, orgId, taskId, kind, targetId);

    private static LinkResponse Read(Npgsql.NpgsqlDataReader r) => new(r.GetGuid(0), r.GetString(1), r.GetGuid(2), r.Time(3));

    /// <summary>Asks the owning module. Leads' directory is optional here: without the Leads module a lead
    /// cannot be linked (503 <c>leads_unavailable</c>).</summary>
    private static async Task<bool> ExistsAsync(IServiceProvider services, string type, Guid targetId, CancellationToken ct) => type switch
    {
        "contact" => await services.GetRequiredService<IContactDirectory>().GetAsync(targetId, ct) is not null,
        "conversation" => await services.GetRequiredService<IConversationDirectory>().ExistsAsync(targetId, ct),
        _ => await (services.GetService<ILeadDirectory>()
                    ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "leads_unavailable", "Leads cannot be linked on this server."))
                .ExistsAsync(targetId, ct),
    };
}
