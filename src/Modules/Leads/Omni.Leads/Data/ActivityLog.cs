using System.Text.Json;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Leads.Data;

internal sealed record LeadActivityResponse(Guid Id, Guid LeadId, string Type, Guid? ActorId, string Actor,
    RawJson<Dictionary<string, JsonElement>> Data, DateTimeOffset CreatedAt);

/// <summary><c>leads.activities</c>: who did what to a lead, and when. The actor is the request's caller:
/// <c>user</c> (with its id), <c>api_key</c> or <c>system</c> (rules, contact changes).</summary>
internal sealed class ActivityLog(DbSession session, RequestContext request)
{
    public Task RecordAsync(Guid leadId, string type, object data, CancellationToken ct) => RecordManyAsync([leadId], type, _ => data, ct);

    /// <summary>One activity per lead, in one statement.</summary>
    public async Task RecordManyAsync(IReadOnlyList<Guid> leadIds, string type, Func<Guid, object> data, CancellationToken ct)
    {
        if (leadIds.Count == 0) return;
        await using var cmd = await session.CommandAsync("""
            insert into leads.activities (id, org_id, lead_id, type, actor_id, actor, data)
            select t.id, $1, t.lead_id, $4, $5, $6, t.data::jsonb from unnest($2::uuid[], $3::uuid[], $7::text[]) as t (id, lead_id, data)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, leadIds.Select(_ => Guid.CreateVersion7()).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, leadIds.ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, type);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)request.UserId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, Actor);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leadIds.Select(id => JsonSerializer.Serialize(data(id), Json)).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<LeadActivityResponse>> ListAsync(Guid leadId, KeysetCursor? after, int take, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"""
            select id, lead_id, type, actor_id, actor, data::text, created_at from leads.activities
            where org_id = $1 and lead_id = $2 and ($3::timestamptz is null or (created_at, id) < ($3, $4))
            order by created_at desc, id desc limit {take}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, leadId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, after is { } a ? a.At.UtcDateTime : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, after is { } b ? b.Id : DBNull.Value);
        var rows = new List<LeadActivityResponse>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new LeadActivityResponse(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetString(4), new RawJson<Dictionary<string, JsonElement>>(reader.GetString(5)), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return rows;
    }

    private string Actor => request.UserId is not null ? "user" : request.Caller is not null ? "api_key" : "system";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
