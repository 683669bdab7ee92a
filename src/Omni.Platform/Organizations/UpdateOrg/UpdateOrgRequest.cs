using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Platform.Organizations.UpdateOrg;

/// <param name="Name">The org's new name; absent leaves it.</param>
/// <param name="AgentsEditAssignedOnly">Limit agents to changing the leads and tasks assigned to them; absent leaves it.</param>
internal sealed record UpdateOrgRequest(string? Name, bool? AgentsEditAssignedOnly) : IHasExample<UpdateOrgRequest>
{
    public static UpdateOrgRequest Example => new("Acme Store (EU)", true);
}

internal sealed class UpdateOrgValidator : AbstractValidator<UpdateOrgRequest>
{
    public UpdateOrgValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
        RuleFor(r => r).Must(r => r.Name is not null || r.AgentsEditAssignedOnly is not null)
            .WithName("body").WithMessage("Give name or agents_edit_assigned_only.");
    }
}
