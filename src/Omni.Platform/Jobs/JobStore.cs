using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Platform.Jobs;

/// <summary>The dispatcher's side of omni.jobs, run as <c>omni_worker</c>: claim under a lease with
/// <c>FOR UPDATE SKIP LOCKED</c>, complete, fail with backoff, dead-letter. It claims only the job types
/// this process has handlers for: instances with different handler sets (a rolling deploy) share one table.</summary>
internal sealed class JobStore(NpgsqlDataSource dataSource, JobTypes types, Housekeeping housekeeping)
{
    private readonly string[] _types = [.. types.All];

    public async Task<IReadOnlyList<JobContext>> ClaimAsync(string workerId, int max, TimeSpan lease, CancellationToken ct)
    {
        await using var session = new DbSession(dataSource);
        await session.BeginAsync(SessionIdentity.Worker(workerId), ct);

        // A job whose worker died after its last allowed attempt is dead, not retried forever.
        await using (var reap = session.CreateCommand("""
            update omni.jobs set status = 'dead', locked_by = null, locked_until = null, updated_at = now(),
                   last_error = coalesce(last_error || '; ', '') || 'lease expired after the last attempt (worker stopped)'
            where status = 'running' and locked_until < now() and attempts >= max_attempts
            """))
            await reap.ExecuteNonQueryAsync(ct);

        await using var claim = session.CreateCommand("""
            with next as (
              select id from omni.jobs
              where ((status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now()))
                and type = any($4)
              order by run_at
              limit $1
              for update skip locked)
            update omni.jobs j
               set status = 'running', locked_by = $2, locked_until = now() + $3, attempts = j.attempts + 1, updated_at = now()
              from next where j.id = next.id
            returning j.id, j.org_id, j.type, j.payload::text, j.attempts, j.max_attempts
            """);
        claim.Parameters.AddWithValue(NpgsqlDbType.Integer, max);
        claim.Parameters.AddWithValue(NpgsqlDbType.Text, workerId);
        claim.Parameters.AddWithValue(NpgsqlDbType.Interval, lease);
        claim.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, _types);
        var jobs = new List<JobContext>();
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                using var payload = JsonDocument.Parse(reader.GetString(3));
                jobs.Add(new JobContext(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2),
                    reader.GetInt32(4), reader.GetInt32(5), payload.RootElement.Clone()));
            }
        }
        await session.CommitAsync(ct);
        return jobs;
    }

    /// <summary>Marks the job done inside the handler's own transaction; false when the lease was lost
    /// (another worker owns the job now), in which case the caller must roll back.</summary>
    public static async Task<bool> CompleteAsync(DbSession session, Guid jobId, string workerId, CancellationToken ct)
    {
        await session.SwitchAsync(SessionIdentity.Worker(workerId), ct);
        await using var cmd = session.CreateCommand("""
            update omni.jobs set status = 'succeeded', completed_at = now(), updated_at = now(), locked_by = null, locked_until = null
            where id = $1 and locked_by = $2 and status = 'running'
            """);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, jobId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, workerId);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <param name="countAttempt">False when the job asked to be retried later (a provider's "retry after"):
    /// that is not a failure of the job, so it does not use up an attempt.</param>
    public async Task FailAsync(Guid jobId, string workerId, string error, TimeSpan retryIn, bool permanent, bool countAttempt, CancellationToken ct)
    {
        await using var session = new DbSession(dataSource);
        await session.BeginAsync(SessionIdentity.Worker(workerId), ct);
        await using (var cmd = session.CreateCommand("""
            update omni.jobs
               set status = case when $4 or ($6 and attempts >= max_attempts) then 'dead' else 'pending' end,
                   attempts = case when $6 then attempts else greatest(attempts - 1, 0) end,
                   run_at = case when $4 or ($6 and attempts >= max_attempts) then run_at else now() + $3 end,
                   last_error = $5, locked_by = null, locked_until = null, updated_at = now()
             where id = $1 and locked_by = $2 and status = 'running'
            """))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, jobId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, workerId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Interval, retryIn);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Boolean, permanent);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, TextLimits.Truncate(error, 2000));
            cmd.Parameters.AddWithValue(NpgsqlDbType.Boolean, countAttempt);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await session.CommitAsync(ct);
    }

    /// <summary>Renews this worker's lease on a job it is still running; false when the lease is gone (the
    /// job was taken over after the lease lapsed), in which case the run must stop.</summary>
    public async Task<bool> ExtendAsync(Guid jobId, string workerId, TimeSpan lease, CancellationToken ct)
    {
        await using var session = new DbSession(dataSource);
        await session.BeginAsync(SessionIdentity.Worker(workerId), ct);
        int renewed;
        await using (var cmd = session.CreateCommand("""
            update omni.jobs set locked_until = now() + $3, updated_at = now()
            where id = $1 and locked_by = $2 and status = 'running'
            """))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, jobId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, workerId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Interval, lease);
            renewed = await cmd.ExecuteNonQueryAsync(ct);
        }
        await session.CommitAsync(ct);
        return renewed == 1;
    }

    /// <summary>Gives back a job this worker stopped running because it is shutting down: due again at once,
    /// the interrupted attempt not counted, other workers woken.</summary>
    public async Task ReleaseAsync(Guid jobId, string workerId, CancellationToken ct)
    {
        await using var session = new DbSession(dataSource);
        await session.BeginAsync(SessionIdentity.Worker(workerId), ct);
        await using (var cmd = session.CreateCommand("""
            update omni.jobs
               set status = 'pending', attempts = greatest(attempts - 1, 0), run_at = now(),
                   locked_by = null, locked_until = null, updated_at = now()
             where id = $1 and locked_by = $2 and status = 'running'
            """))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, jobId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, workerId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await using (var notify = session.CreateCommand("select pg_notify('omni_jobs', '')"))
            await notify.ExecuteNonQueryAsync(ct);
        await session.CommitAsync(ct);
    }

    public async Task PurgeAsync(string workerId, JobOptions options, CancellationToken ct)
    {
        await using var session = new DbSession(dataSource);
        await session.BeginAsync(SessionIdentity.Worker(workerId), ct);
        await using (var cmd = session.CreateCommand("select omni.purge_expired($1, $2)"))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Interval, options.KeepSucceeded);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Interval, options.KeepIdempotencyKeys);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        foreach (var sql in housekeeping.Statements)
        {
            await using var cmd = session.CreateCommand(sql);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await session.CommitAsync(ct);
    }
}
