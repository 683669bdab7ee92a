using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;

namespace Omni.Tracking.Conversions;

/// <summary>Counts a try that will be retried. A job that asks to run again rolls its own transaction back,
/// so the count and the error are written in a transaction of their own, committed before the job gives up
/// this run (the job's transaction has not touched these rows, so the two cannot wait on each other).</summary>
internal sealed class RetryLog(NpgsqlDataSource dataSource)
{
    public async Task RecordAsync(Guid orgId, Guid jobId, IReadOnlyList<Guid> deliveryIds, string code, string error, CancellationToken ct)
    {
        await using var session = new DbSession(dataSource);
        await session.BeginAsync(SessionIdentity.System(orgId, $"job:{jobId}"), ct);
        await using (var cmd = session.CreateCommand("""
            update tracking.capi_deliveries set attempts = attempts + 1, error_code = $2, last_error = $3, updated_at = now()
            where id = any($1) and status = 'pending'
            """))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, deliveryIds.ToArray());
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, code);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, error);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await session.CommitAsync(ct);
    }
}
