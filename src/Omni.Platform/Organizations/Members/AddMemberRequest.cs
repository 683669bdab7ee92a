using FluentValidation;
using Omni.Platform.OpenApi;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.Members;

/// <summary>Add by <c>email</c> (invites people who have not signed in yet) or by <c>user_id</c>.</summary>
internal sealed record AddMemberRequest(string? Email, Guid? UserId, string Role) : IHasExample<AddMemberRequest>
{
    public static AddMemberRequest Example => new("agent@example.com", null, OrgRoles.Agent);
}

internal sealed class AddMemberValidator : AbstractValidator<AddMemberRequest>
{
    public AddMemberValidator()
    {
        RuleFor(r => r.Role).Must(OrgRoles.IsValid).WithMessage("role must be one of owner, admin, agent, viewer.");
        RuleFor(r => r.Email).EmailAddress().MaximumLength(320).When(r => r.Email is not null);
        RuleFor(r => r).Must(r => (r.Email is null) != (r.UserId is null))
            .WithName("email").WithMessage("Give exactly one of email or user_id.");
    }
}
