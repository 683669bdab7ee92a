using System.Text;
using NpgsqlTypes;
using Omni.Platform.Database;

namespace Omni.Tracking.Scores.Training;

/// <summary>Features per contact from tracking.events, in one statement. For training, a converted contact's
/// features come only from what it did before its first conversion (what the model could have seen at the
/// time; anything later would leak the label); for scoring, from everything up to now. Conversion events
/// themselves are never features.</summary>
internal sealed class FeatureExtractor(DbSession session)
{
    public const int MaxEventNames = 15;
    public const int MaxPaths = 10;

    private const string PathSql = "split_part(split_part(regexp_replace(url, '^[a-zA-Z]+://[^/]*', ''), '?', 1), '#', 1)";

    /// <summary>The org's most widespread event names and page paths (by contacts that did them).</summary>
    public async Task<FeatureSet> VocabularyAsync(Guid orgId, IReadOnlyList<string> conversionEvents, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"""
            (select 'event', name, count(distinct contact_id) from tracking.events
              where org_id = $1 and contact_id is not null and type <> 'page' and not (name = any($2))
              group by name order by 3 desc, 2 limit {MaxEventNames})
            union all
            (select 'url', {PathSql}, count(distinct contact_id) from tracking.events
              where org_id = $1 and contact_id is not null and type = 'page' and url is not null
              group by 2 order by 3 desc, 2 limit {MaxPaths})
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, conversionEvents.ToArray());
        List<string> names = [], paths = [];
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.IsDBNull(1) || reader.GetString(1).Length == 0) continue;
            (reader.GetString(0) == "event" ? names : paths).Add(reader.GetString(1));
        }
        return new FeatureSet(names, paths);
    }

    public async Task<List<ContactFeatures>> ExtractAsync(Guid orgId, FeatureSet set, IReadOnlyList<string> conversionEvents, bool training, CancellationToken ct)
    {
        var columns = new StringBuilder();
        for (var i = 0; i < set.EventNames.Count; i++) columns.Append($", count(*) filter (where name = ($4::text[])[{i + 1}])");
        for (var i = 0; i < set.Paths.Count; i++) columns.Append($", count(*) filter (where type = 'page' and {PathSql} = ($5::text[])[{i + 1}])");
        await using var cmd = await session.CommandAsync($"""
            with conv as (
              select contact_id, min(occurred_at) as at from tracking.events
              where org_id = $1 and contact_id is not null and name = any($2) group by contact_id),
            base as (
              select e.contact_id,
                     count(*) filter (where e.type = 'page'), count(*), count(distinct date_trunc('day', e.occurred_at)),
                     extract(epoch from (case when $3 then coalesce(min(c.at), now()) else now() end) - max(e.occurred_at)) / 86400,
                     bool_or(e.context ? 'utm_source')
                     {columns}
              from tracking.events e left join conv c on c.contact_id = e.contact_id
              where e.org_id = $1 and e.contact_id is not null and not (e.name = any($2))
                and (not $3 or c.at is null or e.occurred_at < c.at)
              group by e.contact_id)
            select contact_id, conv.at is not null, base.* from base full join conv using (contact_id)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, conversionEvents.ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Boolean, training);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, set.EventNames.ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, set.Paths.ToArray());

        var width = set.Names.Count;
        var rows = new List<ContactFeatures>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new double[width];
            // Columns: contact_id, converted, base.contact_id, then the features in FeatureSet order.
            for (var j = 0; j < width; j++)
            {
                var ordinal = j + 3;
                if (reader.IsDBNull(ordinal)) continue;
                var raw = reader.GetValue(ordinal) switch
                {
                    bool b => b ? 1.0 : 0.0,
                    long l => l,
                    decimal d => (double)d,
                    double d => d,
                    var other => Convert.ToDouble(other, System.Globalization.CultureInfo.InvariantCulture),
                };
                values[j] = Transform(j < FeatureSet.Fixed.Length ? FeatureSet.Fixed[j] : "count", raw);
            }
            if (reader.IsDBNull(6)) values[3] = Transform("recency_days", 365);
            rows.Add(new ContactFeatures(reader.GetGuid(0), reader.GetBoolean(1), values));
        }
        return rows;
    }

    /// <summary>Counts on a log scale (the tenth page view says less than the second); recency in days, capped at a year.</summary>
    private static double Transform(string name, double raw) => name switch
    {
        "utm_source" => raw,
        "recency_days" => Math.Log(1 + Math.Clamp(raw, 0, 365)),
        _ => Math.Log(1 + Math.Max(raw, 0)),
    };
}
