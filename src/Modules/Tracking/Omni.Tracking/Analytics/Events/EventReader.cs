using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Tracking.Analytics.Events;

/// <summary>Reads of tracking.events for the analytics routes, in the unit of work's session (RLS applies).</summary>
internal sealed class EventReader(DbSession session)
{
    private const string Columns = "id, source_id, event_id, type, name, anonymous_id, contact_id, properties::text, context::text, url, occurred_at";

    /// <summary>Newest first (occurred_at desc, id desc), after <paramref name="after"/>.</summary>
    public async Task<List<EventResponse>> ListAsync(Guid orgId, EventFilter f, KeysetCursor? after, int take, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"""
            select {Columns} from tracking.events
            where org_id = $1 and ($2::text is null or name = $2) and ($3::text is null or type = $3) and ($4::uuid is null or source_id = $4)
              and ($5::uuid is null or contact_id = $5) and ($6::text is null or anonymous_id = $6)
              and ($7::timestamptz is null or occurred_at >= $7) and ($8::timestamptz is null or occurred_at < $8)
              and ($9::timestamptz is null or (occurred_at, id) < ($9, $10))
            order by occurred_at desc, id desc limit {take}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)f.Name ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)f.Type ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)f.SourceId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)f.ContactId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)f.AnonymousId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)f.From ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)f.To ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, after is { } a ? a.At : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, after is { } b ? b.Id : DBNull.Value);
        return await ReadAsync(cmd, ct);
    }

    /// <summary>A person's events in time order: the contact's own and those of every anonymous id linked to it
    /// (tracking.identities), or an anonymous visitor's, followed into its contact when it has been identified.</summary>
    public async Task<List<EventResponse>> JourneyAsync(Guid orgId, Guid? contactId, string? anonymousId, KeysetCursor? after, int take, CancellationToken ct) =>
        await PersonAsync(orgId, contactId, anonymousId, after, take, newestFirst: false, ct);

    /// <summary>As <see cref="JourneyAsync"/>, newest first, before <paramref name="before"/>.</summary>
    public async Task<List<EventResponse>> TimelineAsync(Guid orgId, Guid contactId, KeysetCursor? before, int take, CancellationToken ct) =>
        await PersonAsync(orgId, contactId, null, before, take, newestFirst: true, ct);

    private async Task<List<EventResponse>> PersonAsync(Guid orgId, Guid? contactId, string? anonymousId, KeysetCursor? after, int take, bool newestFirst, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"""
            with person as (
              select coalesce($2::uuid, (select contact_id from tracking.identities where org_id = $1 and anonymous_id = $3)) as contact_id),
            ids as (
              select anonymous_id from tracking.identities i, person p where i.org_id = $1 and i.contact_id = p.contact_id
              union select $3::text where $3::text is not null)
            select {Columns} from tracking.events e
            where e.org_id = $1
              and (e.contact_id = (select contact_id from person) or e.anonymous_id in (select anonymous_id from ids))
              and ($4::timestamptz is null or (e.occurred_at, e.id) {(newestFirst ? "<" : ">")} ($4, $5))
            order by e.occurred_at {(newestFirst ? "desc" : "")}, e.id {(newestFirst ? "desc" : "")} limit {take}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)contactId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)anonymousId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, after is { } a ? a.At : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, after is { } b ? b.Id : DBNull.Value);
        return await ReadAsync(cmd, ct);
    }

    private static async Task<List<EventResponse>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<EventResponse>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new EventResponse(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetGuid(6),
                new(reader.GetString(7)), new(reader.GetString(8)), reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetFieldValue<DateTimeOffset>(10)));
        }
        return rows;
    }
}
