namespace Omni.Platform.Organizations;

/// <param name="AgentsEditAssignedOnly">When true, agents change only the leads and tasks assigned to them;
/// owners and admins change everything.</param>
internal sealed record OrgResponse(Guid Id, string Name, string? Role, bool AgentsEditAssignedOnly, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
