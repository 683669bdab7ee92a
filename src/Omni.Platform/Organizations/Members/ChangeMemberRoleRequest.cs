using FluentValidation;
using Omni.Platform.OpenApi;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Organizations.Members;

internal sealed record ChangeMemberRoleRequest(string Role) : IHasExample<ChangeMemberRoleRequest>
{
    public static ChangeMemberRoleRequest Example => new(OrgRoles.Admin);
}

internal sealed class ChangeMemberRoleValidator : AbstractValidator<ChangeMemberRoleRequest>
{
    public ChangeMemberRoleValidator() =>
        RuleFor(r => r.Role).Must(OrgRoles.IsValid).WithMessage("role must be one of owner, admin, agent, viewer.");
}
