using Npgsql;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Projects.Data;

namespace Omni.Projects;

internal sealed record ColumnResponse(Guid Id, string Name, int Position, bool IsDone);

internal sealed record ProjectResponse(
    Guid Id,
    string Name,
    string? Description,
    string Status,
    DateOnly? StartDate,
    DateOnly? EndDate,
    Guid OwnerId,
    RawJson<IReadOnlyList<Guid>> MemberIds,
    RawJson<IReadOnlyList<ColumnResponse>> Columns,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>A project with its member ids and columns (left to right), as one row.</summary>
    public const string Select = """
        select p.id, p.name, p.description, p.status, p.start_date, p.end_date, p.owner_id,
          (select coalesce(json_agg(m.user_id order by m.added_at, m.user_id), '[]'::json)
             from projects.project_members m where m.org_id = p.org_id and m.project_id = p.id)::text,
          (select coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'position', c.position, 'is_done', c.is_done)
                                    order by c.position, c.id), '[]'::json)
             from projects.columns c where c.org_id = p.org_id and c.project_id = p.id)::text,
          p.created_at, p.updated_at
        from projects.projects p
        """;

    public static ProjectResponse Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.StringOrNull(2), r.GetString(3), r.DateOrNull(4), r.DateOrNull(5), r.GetGuid(6),
        new RawJson<IReadOnlyList<Guid>>(r.GetString(7)), new RawJson<IReadOnlyList<ColumnResponse>>(r.GetString(8)),
        r.Time(9), r.Time(10));

    public static Task<ProjectResponse?> GetAsync(DbSession session, Guid orgId, Guid id, CancellationToken ct) =>
        session.SingleAsync(Select + " where p.org_id = $1 and p.id = $2", Read, ct, orgId, id);
}
