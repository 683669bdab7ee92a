using NpgsqlTypes;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Core;

/// <summary>Delivery receipts move a message forward only (queued &lt; sent &lt; delivered &lt; read; failed only
/// from queued or sent). A receipt can beat the send that it is about (the platform answers the send and
/// fires the webhook at once, before the send's transaction commits its id): it then waits in the backlog
/// and the send applies it. Both sides take a transaction lock on (channel, platform id) first and look in
/// their next statement, so whichever commits second sees the other's row: no receipt is lost.</summary>
internal sealed class DeliveryReceipts(DbSession session, RequestContext request)
{
    /// <summary>Applies a webhook's receipts (the furthest one per message wins).</summary>
    public async Task ApplyAsync(Guid channelId, IReadOnlyList<InboundStatus> statuses, CancellationToken ct)
    {
        if (statuses.Count == 0) return;
        var ids = statuses.Select(s => s.ExternalId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await LockAsync(channelId, ids, ct);

        await using var cmd = await session.CommandAsync("""
            with input as (
              select * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
                as t(external_id, status, error_code, error_text, at)),
            best as (
              select distinct on (external_id) * from input
              order by external_id, messaging.status_rank(status) desc, (status = 'failed') desc, at desc),
            target as (
              select m.id, m.status as current, b.status, b.error_code, b.error_text
              from best b join messaging.messages m on m.channel_id = $1 and m.external_id = b.external_id),
            moved as (
              update messaging.messages m set status = t.status, error_code = t.error_code, error_text = t.error_text, updated_at = now()
              from target t
              where m.id = t.id
                and (messaging.status_rank(t.status) > messaging.status_rank(t.current) or (t.status = 'failed' and t.current in ('queued', 'sent')))
              returning m.id),
            parked as (
              insert into messaging.status_backlog (id, org_id, channel_id, external_id, status, error_code, error_text, at)
              select gen_random_uuid(), $7, $1, b.external_id, b.status, b.error_code, b.error_text, b.at
              from best b
              where not exists (select 1 from messaging.messages m where m.channel_id = $1 and m.external_id = b.external_id)
              returning id)
            select (select count(*) from moved), (select count(*) from parked)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, statuses.Select(s => s.ExternalId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, statuses.Select(s => s.Status).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, statuses.Select(s => s.ErrorCode).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, statuses.Select(s => s.ErrorText).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, statuses.Select(s => s.At.UtcDateTime).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>After a send recorded the platform's id: the receipts that arrived before it.</summary>
    public async Task ApplyWaitingAsync(Guid channelId, string externalId, Guid messageId, CancellationToken ct)
    {
        await LockAsync(channelId, [externalId], ct);
        await using var cmd = await session.CommandAsync("""
            with waiting as (
              delete from messaging.status_backlog where channel_id = $1 and external_id = $2
              returning status, error_code, error_text, at),
            best as (
              select * from waiting order by messaging.status_rank(status) desc, (status = 'failed') desc, at desc limit 1)
            update messaging.messages m set status = best.status, error_code = best.error_code, error_text = best.error_text, updated_at = now()
            from best
            where m.id = $3
              and (messaging.status_rank(best.status) > messaging.status_rank(m.status) or (best.status = 'failed' and m.status in ('queued', 'sent')))
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, externalId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, messageId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Transaction locks in a fixed order (ids sorted), so two webhooks never wait on each other in a cycle.</summary>
    private async Task LockAsync(Guid channelId, string[] sortedExternalIds, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            select count(pg_advisory_xact_lock(hashtextextended($1::text || '/' || k, 0)))
            from (select k from unnest($2::text[]) with ordinality as u(k, n) order by n) keys
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, channelId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, sortedExternalIds);
        await cmd.ExecuteScalarAsync(ct);
    }
}
