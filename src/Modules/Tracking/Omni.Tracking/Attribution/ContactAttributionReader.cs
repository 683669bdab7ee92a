using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;
using Omni.Tracking.Contracts;

namespace Omni.Tracking.Attribution;

/// <summary>A contact's first and last touch from its tracked events: the events that carry a campaign
/// (<c>utm_*</c>), a Meta click id, or a referrer from another site (a referrer from the same host is a click
/// inside the site, not a touch). Runs in the caller's unit of work and org.</summary>
internal sealed class ContactAttributionReader(DbSession session, RequestContext request) : IContactAttribution
{
    public async Task<ContactAttribution?> GetAsync(Guid contactId, CancellationToken ct)
    {
        var first = await TouchAsync(contactId, "asc", ct);
        if (first is null) return null;
        return new ContactAttribution(first, await TouchAsync(contactId, "desc", ct) ?? first);
    }

    private async Task<Touch?> TouchAsync(Guid contactId, string direction, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"""
            select occurred_at, context->>'utm_source', context->>'utm_medium', context->>'utm_campaign', context->>'utm_term',
                   context->>'utm_content', context->>'referrer', coalesce(url, context->>'url'), context->>'fbc'
            from tracking.events
            where org_id = $1 and contact_id = $2
              and (context ?| array['utm_source', 'utm_medium', 'utm_campaign', 'fbc']
                   or (context ? 'referrer'
                       and lower(substring(context->>'referrer' from '^[A-Za-z]+://([^/:?#]+)'))
                           is distinct from lower(substring(coalesce(url, context->>'url') from '^[A-Za-z]+://([^/:?#]+)'))))
            order by occurred_at {direction}, id {direction}
            limit 1
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new Touch(reader.GetFieldValue<DateTimeOffset>(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
            Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8));
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
