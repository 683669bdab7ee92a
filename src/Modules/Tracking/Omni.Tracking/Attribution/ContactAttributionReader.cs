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
        const string touches = """
            select occurred_at, context->>'utm_source', context->>'utm_medium', context->>'utm_campaign', context->>'utm_term',
                   context->>'utm_content', context->>'referrer', coalesce(url, context->>'url'), context->>'fbc'
            from tracking.events
            where org_id = $1 and contact_id = $2
              and (context ?| array['utm_source', 'utm_medium', 'utm_campaign', 'fbc']
                   or (context ? 'referrer'
                       and lower(substring(context->>'referrer' from '^[A-Za-z]+://([^/:?#]+)'))
                           is distinct from lower(substring(coalesce(url, context->>'url') from '^[A-Za-z]+://([^/:?#]+)'))))
            """;
        // The first and the last touch in one round trip: the first row is the earliest.
        await using var cmd = await session.CommandAsync($"""
            (select true, * from ({touches} order by occurred_at, id limit 1) f)
            union all
            (select false, * from ({touches} order by occurred_at desc, id desc limit 1) l)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        Touch? first = null, last = null;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var touch = new Touch(reader.GetFieldValue<DateTimeOffset>(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9));
            if (reader.GetBoolean(0)) first = touch;
            else last = touch;
        }
        return first is null ? null : new ContactAttribution(first, last ?? first);
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
