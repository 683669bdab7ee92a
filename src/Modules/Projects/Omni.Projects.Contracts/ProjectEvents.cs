using Omni.Platform.Events;

namespace Omni.Projects.Contracts;

/// <summary>A task was assigned to a member (flows and notifications react to it).</summary>
[IntegrationEvent("projects.task_assigned")]
public sealed record TaskAssigned(Guid OrgId, Guid ProjectId, Guid TaskId, Guid AssigneeId, DateTimeOffset At) : IIntegrationEvent;
