namespace Omni.Platform.Organizations.Members;

internal sealed record MemberResponse(Guid UserId, string? Email, string Role, DateTimeOffset CreatedAt);

internal sealed record InvitationResponse(Guid Id, string Email, string Role, DateTimeOffset CreatedAt);

/// <summary>Adding a member answers with the membership, or with the invitation when the email has not
/// signed in yet (it becomes a membership on that person's first request).</summary>
internal sealed record AddMemberResponse(string Status, MemberResponse? Member, InvitationResponse? Invitation);
