using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Tracking.Segments;

/// <summary><c>tracking.segments</c> and <c>tracking.segment_members</c>, in the unit of work's session (RLS applies).</summary>
internal sealed class SegmentStore(DbSession session)
{
    private const string Columns = "id, name, rules::text, member_count, refreshed_at, created_at, updated_at";

    public async Task<SegmentResponse> CreateAsync(Guid orgId, string name, SegmentRules rules, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"insert into tracking.segments (id, org_id, name, rules) values ($1, $2, $3, $4) returning {Columns}", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, name);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Jsonb, SegmentJson.Write(rules));
        return (await ReadAsync(cmd, ct))[0];
    }

    public async Task<SegmentResponse?> UpdateAsync(Guid orgId, Guid id, string name, SegmentRules rules, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"update tracking.segments set name = $3, rules = $4, updated_at = now() where org_id = $1 and id = $2 returning {Columns}", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, name);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Jsonb, SegmentJson.Write(rules));
        return (await ReadAsync(cmd, ct)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(Guid orgId, Guid id, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("delete from tracking.segments where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>One segment; <paramref name="forUpdate"/> locks it so that two refreshes of it run one after the other.</summary>
    public async Task<SegmentResponse?> GetAsync(Guid orgId, Guid id, bool forUpdate, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"select {Columns} from tracking.segments where org_id = $1 and id = $2" + (forUpdate ? " for update" : ""), ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return (await ReadAsync(cmd, ct)).SingleOrDefault();
    }

    /// <summary>Newest first.</summary>
    public async Task<List<SegmentResponse>> ListAsync(Guid orgId, KeysetCursor? after, int take, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"select {Columns} from tracking.segments where org_id = $1 and ($2::timestamptz is null or (created_at, id) < ($2, $3)) " +
            $"order by created_at desc, id desc limit {take}", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, after is { } a ? a.At : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, after is { } b ? b.Id : DBNull.Value);
        return await ReadAsync(cmd, ct);
    }

    public async Task<List<Guid>> IdsAsync(Guid orgId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("select id from tracking.segments where org_id = $1 order by id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>Most recent entries first.</summary>
    public async Task<List<SegmentMemberResponse>> MembersAsync(Guid segmentId, KeysetCursor? after, int take, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select contact_id, entered_at from tracking.segment_members where segment_id = $1 " +
            "and ($2::timestamptz is null or (entered_at, contact_id) < ($2, $3)) " +
            $"order by entered_at desc, contact_id desc limit {take}", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, segmentId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, after is { } a ? a.At : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, after is { } b ? b.Id : DBNull.Value);
        var rows = new List<SegmentMemberResponse>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(new SegmentMemberResponse(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return rows;
    }

    private static async Task<List<SegmentResponse>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<SegmentResponse>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new SegmentResponse(reader.GetGuid(0), reader.GetString(1), SegmentJson.Read(reader.GetString(2)), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return rows;
    }
}
