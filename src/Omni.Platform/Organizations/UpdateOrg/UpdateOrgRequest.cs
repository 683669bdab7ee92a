using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Platform.Organizations.UpdateOrg;

internal sealed record UpdateOrgRequest(string Name) : IHasExample<UpdateOrgRequest>
{
    public static UpdateOrgRequest Example => new("Acme Store (EU)");
}

internal sealed class UpdateOrgValidator : AbstractValidator<UpdateOrgRequest>
{
    public UpdateOrgValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
}
