using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Jobs;

namespace Omni.Tests.Infrastructure;

/// <summary>Handlers registered in every test API, so any test API's worker can run any test's jobs.</summary>
public static class TestHandlers
{
    public const string CountJob = "test.count";
    public const string FailJob = "test.fail";
    public const string SlowJob = "test.slow";
    public const string EffectJob = "test.effect";
    public const string StubbornJob = "test.stubborn";
    public const string RetryLaterJob = "test.retry-later";

    /// <summary>Job id → how many times <see cref="RetryLaterJob"/> was called.</summary>
    public static readonly ConcurrentDictionary<Guid, int> Calls = new();

    /// <summary>The setting that names a test API instance, recorded in <see cref="RanOn"/>.</summary>
    public const string InstanceSetting = "Omni:Test:Instance";

    /// <summary>SQL that creates the table <see cref="EffectJob"/> and <see cref="StubbornJob"/> write to, fenced
    /// like any tenant table (run it as the admin in a test's own database).</summary>
    public const string EffectsTableSql = """
        create schema if not exists jobs_test;
        grant usage on schema jobs_test to authenticated, omni_system;
        create table jobs_test.effects (
          id       uuid primary key default gen_random_uuid(),
          org_id   uuid not null references omni.orgs (id) on delete cascade,
          job_id   uuid not null,
          attempt  int not null
        );
        select omni.enable_tenant_rls('jobs_test.effects');
        """;

    /// <summary>Job id → how many times a handler ran it to completion (its transaction committed or not).</summary>
    public static readonly ConcurrentDictionary<Guid, int> Runs = new();

    /// <summary>Job id → the <see cref="InstanceSetting"/> of the API whose worker last ran it.</summary>
    public static readonly ConcurrentDictionary<Guid, string> RanOn = new();

    /// <summary>Job id → each attempt <see cref="FailJob"/> made and when it ran.</summary>
    public static readonly ConcurrentDictionary<Guid, ConcurrentQueue<(int Attempt, DateTimeOffset At)>> Failures = new();

    public static readonly ConcurrentBag<ContactsMerged> Merged = [];

    public static readonly ConcurrentQueue<Omni.Projects.Contracts.TaskAssigned> TasksAssigned = new();

    public static void Register(IServiceCollection services)
    {
        services.AddJobHandler<CountHandler>(CountJob);
        services.AddJobHandler<FailHandler>(FailJob);
        services.AddJobHandler<SlowHandler>(SlowJob);
        services.AddJobHandler<EffectHandler>(EffectJob);
        services.AddJobHandler<StubbornHandler>(StubbornJob);
        services.AddJobHandler<RetryLaterHandler>(RetryLaterJob);
        services.AddIntegrationEventHandler<ContactsMerged, MergedRecorder>("tests.merged-recorder");
        services.AddIntegrationEventHandler<Omni.Tracking.Contracts.SegmentEntered, SegmentRecorder>("tests.segment-entered");
        services.AddIntegrationEventHandler<Omni.Tracking.Contracts.SegmentExited, SegmentRecorder>("tests.segment-exited");
        services.AddIntegrationEventHandler<Omni.Tracking.Contracts.EventTracked, TrackedRecorder>("tests.event-tracked");
        services.AddIntegrationEventHandler<Omni.Projects.Contracts.TaskAssigned, AssignedRecorder>("tests.task-assigned");
    }

    private static void Record(JobContext job, IConfiguration config)
    {
        RanOn[job.Id] = config[InstanceSetting] ?? "";
        Runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
    }

    /// <summary>Writes one row naming the job and the attempt, through the job's own database session.</summary>
    private static async Task WriteEffectAsync(DbSession session, JobContext job, CancellationToken ct)
    {
        await using var cmd = session.CreateCommand("insert into jobs_test.effects (org_id, job_id, attempt) values ($1, $2, $3)");
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, job.OrgId!.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, job.Id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Integer, job.Attempt);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private sealed class CountHandler(IConfiguration config) : IJobHandler
    {
        public Task HandleAsync(JobContext job, CancellationToken ct)
        {
            Record(job, config);
            return Task.CompletedTask;
        }
    }

    private sealed class FailHandler : IJobHandler
    {
        public Task HandleAsync(JobContext job, CancellationToken ct)
        {
            Failures.GetOrAdd(job.Id, _ => new()).Enqueue((job.Attempt, DateTimeOffset.UtcNow));
            throw new InvalidOperationException($"provider said no (attempt {job.Attempt})");
        }
    }

    private sealed class SlowHandler(IConfiguration config) : IJobHandler
    {
        public async Task HandleAsync(JobContext job, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(job.Payload.GetProperty("ms").GetInt32()), ct);
            Record(job, config);
        }
    }

    /// <summary>Writes an effect row, then fails while <c>payload.fail_attempts</c> ≥ the attempt.</summary>
    private sealed class EffectHandler(DbSession session, IConfiguration config) : IJobHandler
    {
        public async Task HandleAsync(JobContext job, CancellationToken ct)
        {
            await WriteEffectAsync(session, job, ct);
            Record(job, config);
            if (job.Attempt <= job.Payload.GetProperty("fail_attempts").GetInt32())
                throw new InvalidOperationException($"failed after writing (attempt {job.Attempt})");
        }
    }

    /// <summary>Writes an effect row, then keeps working for <c>payload.ms</c> whatever its token says: a worker
    /// that outlives its lease.</summary>
    private sealed class StubbornHandler(DbSession session, IConfiguration config) : IJobHandler
    {
        public async Task HandleAsync(JobContext job, CancellationToken ct)
        {
            await WriteEffectAsync(session, job, ct);
            await Task.Delay(TimeSpan.FromMilliseconds(job.Payload.GetProperty("ms").GetInt32()), CancellationToken.None);
            Record(job, config);
        }
    }

    /// <summary>Segment changes as delivered through the outbox (tests read the outbox rows themselves).</summary>
    private sealed class SegmentRecorder : IIntegrationEventHandler<Omni.Tracking.Contracts.SegmentEntered>, IIntegrationEventHandler<Omni.Tracking.Contracts.SegmentExited>
    {
        public Task HandleAsync(Omni.Tracking.Contracts.SegmentEntered integrationEvent, CancellationToken ct) => Task.CompletedTask;

        public Task HandleAsync(Omni.Tracking.Contracts.SegmentExited integrationEvent, CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>Watched events as delivered through the outbox (tests read the outbox rows themselves).</summary>
    private sealed class TrackedRecorder : IIntegrationEventHandler<Omni.Tracking.Contracts.EventTracked>
    {
        public Task HandleAsync(Omni.Tracking.Contracts.EventTracked integrationEvent, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class AssignedRecorder : IIntegrationEventHandler<Omni.Projects.Contracts.TaskAssigned>
    {
        public Task HandleAsync(Omni.Projects.Contracts.TaskAssigned integrationEvent, CancellationToken ct)
        {
            TasksAssigned.Enqueue(integrationEvent);
            return Task.CompletedTask;
        }
    }

    private sealed class MergedRecorder : IIntegrationEventHandler<ContactsMerged>
    {
        public Task HandleAsync(ContactsMerged integrationEvent, CancellationToken ct)
        {
            Merged.Add(integrationEvent);
            return Task.CompletedTask;
        }
    }

    /// <summary>Says "retry after 100 ms" (as a rate-limited provider would) until its
    /// <c>payload.succeed_on_call</c>-th call, then succeeds.</summary>
    private sealed class RetryLaterHandler : IJobHandler
    {
        public Task HandleAsync(JobContext job, CancellationToken ct)
        {
            var call = Calls.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            if (call < job.Payload.GetProperty("succeed_on_call").GetInt32())
                throw new JobRetryException(TimeSpan.FromMilliseconds(100), "provider asked to retry after 100 ms");
            Runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}
