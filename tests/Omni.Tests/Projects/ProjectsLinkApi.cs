using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Omni.Leads.Contracts;
using Omni.Platform.Events;
using Omni.Projects.Contracts;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Projects;

/// <summary>An API on its own database with two stand-ins: an <see cref="ILeadDirectory"/> that knows the
/// leads in <see cref="KnownLeads"/> (the contract the Leads module implements), and a subscriber that
/// records every <see cref="TaskAssigned"/> event delivered.</summary>
public sealed class ProjectsLinkApi : IAsyncLifetime
{
    public static readonly ConcurrentDictionary<Guid, bool> KnownLeads = new();
    public static readonly ConcurrentQueue<TaskAssigned> Assigned = new();

    public TestApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var db = await TestCluster.CreateDatabaseAsync($"omni_projects_{Guid.NewGuid():N}"[..27]);
        Api = await TestApi.StartAsync(db, services: s =>
        {
            s.AddScoped<ILeadDirectory, FakeLeadDirectory>();
            s.AddIntegrationEventHandler<TaskAssigned, AssignedRecorder>("tests.task-assigned");
        });
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    private sealed class FakeLeadDirectory : ILeadDirectory
    {
        public Task<bool> ExistsAsync(Guid leadId, CancellationToken ct) => Task.FromResult(KnownLeads.ContainsKey(leadId));

        public Task<IReadOnlyList<Guid>> ContactsWithLeadInStageAsync(Guid stageId, CancellationToken ct) => Task.FromResult<IReadOnlyList<Guid>>([]);
    }

    private sealed class AssignedRecorder : IIntegrationEventHandler<TaskAssigned>
    {
        public Task HandleAsync(TaskAssigned integrationEvent, CancellationToken ct)
        {
            Assigned.Enqueue(integrationEvent);
            return Task.CompletedTask;
        }
    }
}
