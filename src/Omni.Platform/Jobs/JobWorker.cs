using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Jobs;

/// <summary>Runs jobs from omni.jobs. Several instances (in one process or many) can run side by side:
/// claims skip rows others hold, a running job's lease is renewed while its handler works, a lapsed lease
/// lets another worker take the job over, and completion commits in the handler's own transaction only
/// while this worker still holds the lease.</summary>
internal sealed class JobWorker(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    DatabaseEndpoints database,
    JobTypes types,
    JobOptions options,
    ILogger<JobWorker> log) : BackgroundService
{
    private readonly JobStore _store = new(dataSource, types);

    // Level-triggered wake-up: a notification completes the current signal; the loop swaps in a fresh one
    // before it claims, so a notification that arrives while it claims is never lost.
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        _ = ListenAsync(stoppingToken);
        var nextPurge = DateTimeOffset.UtcNow;
        var running = new List<Task>();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var signal = Volatile.Read(ref _signal);
                if (signal.Task.IsCompleted)
                    Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), signal);
                signal = Volatile.Read(ref _signal);

                running.RemoveAll(t => t.IsCompleted);
                var free = options.Concurrency - running.Count;
                var claimed = free > 0 ? await _store.ClaimAsync(WorkerId, free, options.Lease, stoppingToken) : [];
                foreach (var job in claimed) running.Add(RunAsync(job, stoppingToken));

                if (DateTimeOffset.UtcNow >= nextPurge)
                {
                    await _store.PurgeAsync(WorkerId, options, stoppingToken);
                    nextPurge = DateTimeOffset.UtcNow.AddMinutes(10);
                }

                if (claimed.Count > 0 && claimed.Count == free) continue;
                await Task.WhenAny(running.Append(signal.Task).Append(Task.Delay(options.PollInterval, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Job worker loop failed; retrying shortly");
                await Task.Delay(options.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await Task.WhenAll(running);
    }

    private async Task RunAsync(JobContext job, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        run.CancelAfter(options.MaxRunTime);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = KeepLeaseAsync(job, run, stopHeartbeat.Token);
        var ct = run.Token;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            if (job.OrgId is { } org)
            {
                await session.BeginAsync(SessionIdentity.System(org, $"job:{job.Id}"), ct);
                scope.ServiceProvider.GetRequiredService<RequestContext>().ActAsSystem(org);
            }
            else
            {
                await session.BeginAsync(SessionIdentity.Worker(WorkerId), ct);
            }

            // Resolved once the session has begun: a handler's DbContexts are bound to its connection when built.
            var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(job.Type)
                ?? throw new JobPermanentFailureException($"no handler for job type '{job.Type}'");
            await handler.HandleAsync(job, ct);
            await StopAsync(stopHeartbeat, heartbeat);
            if (!await JobStore.CompleteAsync(session, job.Id, WorkerId, ct))
            {
                log.LogWarning("Job {JobId} ({Type}) lost its lease before completing; its work is rolled back", job.Id, job.Type);
                return;
            }
            await session.CommitAsync(ct);
            log.LogDebug("Job {JobId} ({Type}) succeeded", job.Id, job.Type);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: give the job back now rather than leave it locked until its lease runs out.
            await StopAsync(stopHeartbeat, heartbeat);
            try
            {
                await _store.ReleaseAsync(job.Id, WorkerId, CancellationToken.None);
                log.LogInformation("Job {JobId} ({Type}) interrupted by shutdown; released for another worker", job.Id, job.Type);
            }
            catch (Exception release)
            {
                log.LogWarning(release, "Releasing job {JobId} at shutdown failed; it will be retried when its lease expires", job.Id);
            }
        }
        catch (Exception e)
        {
            await StopAsync(stopHeartbeat, heartbeat);
            var permanent = e is JobPermanentFailureException;
            var retryLater = e as JobRetryException;
            var delay = retryLater?.Delay ?? options.Backoff(job.Attempt);
            var error = e is OperationCanceledException ? "cancelled: lease lost or MaxRunTime exceeded" : $"{e.GetType().Name}: {e.Message}";
            log.LogWarning("Job {JobId} ({Type}) attempt {Attempt}/{Max} failed: {Error}", job.Id, job.Type, job.Attempt, job.MaxAttempts, error);
            try
            {
                await _store.FailAsync(job.Id, WorkerId, error, delay, permanent, countAttempt: retryLater is null, CancellationToken.None);
            }
            catch (Exception fail)
            {
                log.LogError(fail, "Recording the failure of job {JobId} failed; its lease will expire and it will be retried", job.Id);
            }
        }
    }

    /// <summary>Renews the lease every third of its length while the handler runs; if the lease is gone
    /// (taken over after this worker stalled), the run is cancelled.</summary>
    private async Task KeepLeaseAsync(JobContext job, CancellationTokenSource run, CancellationToken stop)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, run.Token);
        try
        {
            while (true)
            {
                await Task.Delay(options.Lease / 3, both.Token);
                if (await _store.ExtendAsync(job.Id, WorkerId, options.Lease, both.Token)) continue;
                log.LogWarning("Job {JobId} ({Type}) lost its lease to another worker; cancelling this run", job.Id, job.Type);
                await run.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // Renewal failing (database unreachable) is not the handler's failure; the lease may lapse.
            log.LogWarning("Renewing the lease of job {JobId} failed: {Error}", job.Id, e.Message);
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task heartbeat)
    {
        await stop.CancelAsync();
        await heartbeat;
    }

    /// <summary>LISTEN for new jobs so idle workers start at once instead of at the next poll.</summary>
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Its own unpooled connection: LISTEN is session state that must not go back to the pool.
                await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.App) { Pooling = false }.ConnectionString);
                await conn.OpenAsync(ct);
                conn.Notification += (_, _) => Volatile.Read(ref _signal).TrySetResult();
                await using (var listen = new NpgsqlCommand("listen omni_jobs", conn))
                    await listen.ExecuteNonQueryAsync(ct);
                while (!ct.IsCancellationRequested) await conn.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogDebug("Job notifications interrupted ({Error}); polling until reconnected", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
