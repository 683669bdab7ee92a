using System.Text.Json;

namespace Omni.Platform.Organizations.Data;

internal sealed class UserRow
{
    public Guid Id { get; set; }
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed class OrgRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public Guid? CreatedBy { get; set; }
    public bool AgentsEditAssignedOnly { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class MembershipRow
{
    public Guid OrgId { get; set; }
    public Guid UserId { get; set; }
    public string Role { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class InvitationRow
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string Email { get; set; } = "";
    public string Role { get; set; } = "";
    public Guid? InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ApiKeyRow
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public byte[] KeyHash { get; set; } = [];
    public string[] Scopes { get; set; } = [];
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class JobRow
{
    public Guid Id { get; set; }
    public Guid? OrgId { get; set; }
    public string Type { get; set; } = "";
    public JsonDocument Payload { get; set; } = JsonDocument.Parse("{}");
    public string Status { get; set; } = "";
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }
    public DateTimeOffset RunAt { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
