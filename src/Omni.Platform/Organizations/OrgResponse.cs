namespace Omni.Platform.Organizations;

internal sealed record OrgResponse(Guid Id, string Name, string? Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
