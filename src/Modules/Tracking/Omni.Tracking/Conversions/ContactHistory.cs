using NpgsqlTypes;
using Omni.Platform.Database;

namespace Omni.Tracking.Conversions;

/// <summary>A contact's browser identifiers from its tracked history (its own events and those of the
/// visitors it was identified as), each the most recent one seen, so a conversion recorded outside the
/// browser can still be matched to the ad click (<c>fbc</c>) and browser (<c>fbp</c>) it came from.</summary>
internal sealed class ContactHistory(DbSession session)
{
    public async Task<BrowserIds> LatestAsync(Guid orgId, Guid contactId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            with mine as materialized (
              select e.context, e.ip, e.user_agent, e.occurred_at from tracking.events e
              where e.org_id = $1 and e.contact_id = $2
              union all
              select e.context, e.ip, e.user_agent, e.occurred_at from tracking.events e
              join tracking.identities i on i.org_id = e.org_id and i.anonymous_id = e.anonymous_id
              where e.org_id = $1 and i.contact_id = $2 and e.contact_id is null)
            select (select host(ip) from mine where ip is not null order by occurred_at desc limit 1),
                   (select user_agent from mine where user_agent is not null order by occurred_at desc limit 1),
                   (select context->>'fbc' from mine where context ? 'fbc' order by occurred_at desc limit 1),
                   (select context->>'fbp' from mine where context ? 'fbp' order by occurred_at desc limit 1)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new BrowserIds(Text(0), Text(1), Text(2), Text(3));
    }
}
