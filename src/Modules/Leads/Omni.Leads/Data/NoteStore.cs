using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Leads.Data;

internal sealed record LeadNoteResponse(Guid Id, Guid LeadId, Guid? AuthorId, string Body, DateTimeOffset CreatedAt);

/// <summary><c>leads.notes</c>, newest first.</summary>
internal sealed class NoteStore(DbSession session, RequestContext request)
{
    public async Task<LeadNoteResponse> AddAsync(Guid leadId, string body, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "insert into leads.notes (id, org_id, lead_id, author_id, body) values ($1, $2, $3, $4, $5) returning id, lead_id, author_id, body, created_at", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, leadId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)request.UserId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, body);
        return (await ReadAsync(cmd, ct))[0];
    }

    public async Task<List<LeadNoteResponse>> ListAsync(Guid leadId, KeysetCursor? after, int take, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"""
            select id, lead_id, author_id, body, created_at from leads.notes
            where org_id = $1 and lead_id = $2 and ($3::timestamptz is null or (created_at, id) < ($3, $4))
            order by created_at desc, id desc limit {take}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, leadId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, after is { } a ? a.At.UtcDateTime : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, after is { } b ? b.Id : DBNull.Value);
        return await ReadAsync(cmd, ct);
    }

    private static async Task<List<LeadNoteResponse>> ReadAsync(Npgsql.NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<LeadNoteResponse>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new LeadNoteResponse(reader.GetGuid(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        return rows;
    }
}
