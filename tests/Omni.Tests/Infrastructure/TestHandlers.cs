using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Omni.Contacts.Contracts;
using Omni.Platform.Events;
using Omni.Platform.Jobs;

namespace Omni.Tests.Infrastructure;

/// <summary>Handlers registered in every test API, so any test API's worker can run any test's jobs.</summary>
public static class TestHandlers
{
    public const string CountJob = "test.count";
    public const string FailJob = "test.fail";
    public const string SlowJob = "test.slow";

    /// <summary>Job id → how many times a handler ran it to completion (its transaction committed or not).</summary>
    public static readonly ConcurrentDictionary<Guid, int> Runs = new();

    public static readonly ConcurrentBag<ContactsMerged> Merged = [];

    public static void Register(IServiceCollection services)
    {
        services.AddJobHandler<CountHandler>(CountJob);
        services.AddJobHandler<FailHandler>(FailJob);
        services.AddJobHandler<SlowHandler>(SlowJob);
        services.AddIntegrationEventHandler<ContactsMerged, MergedRecorder>();
    }

    private sealed class CountHandler : IJobHandler
    {
        public Task HandleAsync(JobContext job, CancellationToken ct)
        {
            Runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }

    private sealed class FailHandler : IJobHandler
    {
        public Task HandleAsync(JobContext job, CancellationToken ct) =>
            throw new InvalidOperationException($"provider said no (attempt {job.Attempt})");
    }

    private sealed class SlowHandler : IJobHandler
    {
        public async Task HandleAsync(JobContext job, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(job.Payload.GetProperty("ms").GetInt32()), ct);
            Runs.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
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
}
