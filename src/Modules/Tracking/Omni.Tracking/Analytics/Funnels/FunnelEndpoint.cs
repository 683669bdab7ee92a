using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Tracking.Analytics.Funnels;

internal static class FunnelEndpoint
{
    /// <summary>Per-step counts of people who did the steps in order within the window, in one statement: each step
    /// keeps, per person, the earliest time it was done after the previous step (and the time of step 1).</summary>
    public static async Task<Ok<FunnelResponse>> Handle(FunnelRequest body, DbSession session, RequestContext request, CancellationToken ct)
    {
        var to = body.To ?? DateTimeOffset.UtcNow;
        var from = body.From ?? to.AddDays(-30);
        var window = body.WindowHours ?? 168;

        var sql = new StringBuilder($"""
            with ev as materialized (
              select coalesce(e.contact_id::text, i.contact_id::text, e.anonymous_id) as actor, e.name, e.properties, e.occurred_at as at
              from tracking.events e left join tracking.identities i on i.org_id = e.org_id and i.anonymous_id = e.anonymous_id
              where e.org_id = $1 and e.occurred_at >= $2 and e.occurred_at < $3 and e.name = any($4)
                and coalesce(e.contact_id::text, e.anonymous_id) is not null)
            """);
        var parameters = new List<(NpgsqlDbType, object)>
        {
            (NpgsqlDbType.Uuid, request.OrgId), (NpgsqlDbType.TimestampTz, from), (NpgsqlDbType.TimestampTz, to),
            (NpgsqlDbType.Array | NpgsqlDbType.Text, body.Steps.Select(s => s.Name).Distinct().ToArray()), (NpgsqlDbType.Integer, window),
        };
        string Add(NpgsqlDbType type, object value)
        {
            parameters.Add((type, value));
            return "$" + parameters.Count;
        }
        for (var i = 0; i < body.Steps.Count; i++)
        {
            var step = body.Steps[i];
            var match = $"e.name = {Add(NpgsqlDbType.Text, step.Name)}" + (step.PropertyKey is null
                ? ""
                : $" and e.properties ->> {Add(NpgsqlDbType.Text, step.PropertyKey)} = {Add(NpgsqlDbType.Text, step.PropertyValue!)}");
            sql.Append(i == 0
                ? $",\ns1 as (select e.actor, min(e.at) as t, min(e.at) as t0 from ev e where {match} group by e.actor)"
                : $",\ns{i + 1} as (select e.actor, min(e.at) as t, p.t0 from ev e join s{i} p on p.actor = e.actor and e.at >= p.t " +
                  $"and e.at <= p.t0 + make_interval(hours => $5) where {match} group by e.actor, p.t0)");
        }
        sql.Append("\nselect ").AppendJoin(", ", Enumerable.Range(1, body.Steps.Count).Select(n => $"(select count(*) from s{n})"));

        await using var cmd = await session.CommandAsync(sql.ToString(), ct);
        foreach (var (type, value) in parameters) cmd.Parameters.AddWithValue(type, value);
        var counts = new long[body.Steps.Count];
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            for (var i = 0; i < counts.Length; i++) counts[i] = reader.GetInt64(i);
        }

        var steps = body.Steps.Select((s, i) => new FunnelStepResult(i + 1, s.Name, counts[i],
            i == 0 ? null : Share(counts[i], counts[i - 1]), i == 0 ? null : Share(counts[i], counts[0]))).ToList();
        return TypedResults.Ok(new FunnelResponse(from, to, window, steps));
    }

    private static double? Share(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
