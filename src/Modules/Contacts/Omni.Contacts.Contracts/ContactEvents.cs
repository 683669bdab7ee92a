using Omni.Platform.Events;

namespace Omni.Contacts.Contracts;

/// <summary>Two contacts became one: everything that pointed at <see cref="SourceContactId"/> should now
/// point at <see cref="TargetContactId"/> (conversations, events, leads). The source no longer exists.</summary>
[IntegrationEvent("contacts.merged")]
public sealed record ContactsMerged(Guid OrgId, Guid SourceContactId, Guid TargetContactId, DateTimeOffset MergedAt) : IIntegrationEvent;

/// <summary>A contact's fields changed through the API (name, email, phone, tags, custom fields). Copies kept
/// by other modules (e.g. the inbox's contact name) should be refreshed from <see cref="IContactDirectory"/>:
/// events can arrive out of order, the directory is always current.</summary>
[IntegrationEvent("contacts.updated")]
public sealed record ContactUpdated(Guid OrgId, Guid ContactId, DateTimeOffset UpdatedAt) : IIntegrationEvent;

[IntegrationEvent("contacts.deleted")]
public sealed record ContactDeleted(Guid OrgId, Guid ContactId, DateTimeOffset DeletedAt) : IIntegrationEvent;
