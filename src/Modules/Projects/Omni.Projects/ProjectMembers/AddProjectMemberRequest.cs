using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Projects.ProjectMembers;

/// <summary><c>user_id</c>: an owner, admin or agent of the org.</summary>
internal sealed record AddProjectMemberRequest(Guid UserId) : IHasExample<AddProjectMemberRequest>
{
    public static AddProjectMemberRequest Example => new(Guid.Parse("0196a0f2-3b7c-7d7e-9a61-2f4c5d6e7f80"));
}

internal sealed class AddProjectMemberValidator : AbstractValidator<AddProjectMemberRequest>
{
    public AddProjectMemberValidator() => RuleFor(r => r.UserId).NotEmpty();
}
