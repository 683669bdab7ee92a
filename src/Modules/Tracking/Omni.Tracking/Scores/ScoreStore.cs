using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Tracking.Scores.Training;
using Omni.Tracking.Segments;

namespace Omni.Tracking.Scores;

/// <summary>Reads of <c>tracking.contact_scores</c> with their model, in the unit of work's session (RLS applies).</summary>
internal sealed class ScoreStore(DbSession session)
{
    private const string Select = """
        select s.contact_id, s.score, s.factors::text, s.scored_at, m.id, m.trained_at, m.auc
        from tracking.contact_scores s join tracking.score_models m on m.id = s.model_id
        """;

    public async Task<ContactScoreResponse?> GetAsync(Guid orgId, Guid contactId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(Select + " where s.org_id = $1 and s.contact_id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        return (await ReadAsync(cmd, ct)).SingleOrDefault();
    }

    /// <summary>Highest score first, ties by contact id; <paramref name="after"/> is the last (score, contact) served.</summary>
    public async Task<List<ContactScoreResponse>> RankAsync(Guid orgId, float min, float max, (float Score, Guid ContactId)? after, int take, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(Select + $"""
             where s.org_id = $1 and s.score >= $2 and s.score <= $3 and ($4::real is null or (s.score, s.contact_id) < ($4, $5))
             order by s.score desc, s.contact_id desc limit {take}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Real, min);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Real, max);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Real, after is { } a ? a.Score : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, after is { } b ? b.ContactId : DBNull.Value);
        return await ReadAsync(cmd, ct);
    }

    public async Task<IReadOnlyList<string>?> CurrentConversionEventsAsync(Guid orgId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select features::text from tracking.score_models where org_id = $1 order by trained_at desc limit 1", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        return await cmd.ExecuteScalarAsync(ct) is string json
            ? JsonSerializer.Deserialize<StoredFeatures>(json, SegmentJson.Options)?.ConversionEvents
            : null;
    }

    private static async Task<List<ContactScoreResponse>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<ContactScoreResponse>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ContactScoreResponse(reader.GetGuid(0), reader.GetFloat(1),
                JsonSerializer.Deserialize<List<ScoreFactor>>(reader.GetString(2), SegmentJson.Options) ?? [],
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetGuid(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFloat(6)));
        }
        return rows;
    }
}
