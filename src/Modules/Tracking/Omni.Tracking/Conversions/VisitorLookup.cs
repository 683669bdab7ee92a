using System.Text.Json;
using NpgsqlTypes;
using Omni.Platform.Database;

namespace Omni.Tracking.Conversions;

/// <summary>Events stored before a visitor identified itself carry no contact: the identity map and the
/// visitor's latest identify traits say who it was.</summary>
internal sealed class VisitorLookup(DbSession session)
{
    public async Task<IReadOnlyDictionary<string, Visitor>> FindAsync(Guid orgId, IReadOnlyCollection<string> anonymousIds, CancellationToken ct)
    {
        var visitors = new Dictionary<string, Visitor>(StringComparer.Ordinal);
        if (anonymousIds.Count == 0) return visitors;
        await using var cmd = await session.CommandAsync("""
            select a.anonymous_id, i.contact_id, t.properties::text
            from unnest($1::text[]) as a(anonymous_id)
            left join tracking.identities i on i.org_id = $2 and i.anonymous_id = a.anonymous_id
            left join lateral (select x.properties from tracking.events x
                               where x.org_id = $2 and x.anonymous_id = a.anonymous_id and x.type = 'identify'
                               order by x.occurred_at desc limit 1) t on true
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, anonymousIds.ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            JsonElement? traits = null;
            if (!reader.IsDBNull(2))
            {
                using var doc = JsonDocument.Parse(reader.GetString(2));
                traits = doc.RootElement.Clone();
            }
            visitors[reader.GetString(0)] = new Visitor(reader.IsDBNull(1) ? null : reader.GetGuid(1), traits);
        }
        return visitors;
    }
}
