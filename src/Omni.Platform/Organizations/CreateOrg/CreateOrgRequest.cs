using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Platform.Organizations.CreateOrg;

internal sealed record CreateOrgRequest(string Name) : IHasExample<CreateOrgRequest>
{
    public static CreateOrgRequest Example => new("Acme Store");
}

internal sealed class CreateOrgValidator : AbstractValidator<CreateOrgRequest>
{
    public CreateOrgValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
}
