using Omni.Platform.Events;

namespace Omni.Contacts.Contracts;

/// <summary>Two contacts became one: everything that pointed at <see cref="SourceContactId"/> should now
/// point at <see cref="TargetContactId"/> (conversations, events, leads). The source no longer exists.</summary>
[IntegrationEvent("contacts.merged")]
public sealed record ContactsMerged(Guid OrgId, Guid SourceContactId, Guid TargetContactId, DateTimeOffset MergedAt) : IIntegrationEvent;

[IntegrationEvent("contacts.deleted")]
public sealed record ContactDeleted(Guid OrgId, Guid ContactId, DateTimeOffset DeletedAt) : IIntegrationEvent;
