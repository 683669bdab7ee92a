using FluentValidation;
using Omni.Contacts.Contracts;
using Omni.Contacts.Domain;

namespace Omni.Contacts;

internal sealed record IdentifierInput(string Type, string Value);

internal sealed class IdentifierInputValidator : AbstractValidator<IdentifierInput>
{
    public IdentifierInputValidator()
    {
        RuleFor(i => i.Type).Must(t => ContactIdentifierTypes.All.Contains(t))
            .WithMessage($"type must be one of {string.Join(", ", ContactIdentifierTypes.All)}.");
        RuleFor(i => i.Value).Custom((value, ctx) =>
        {
            var type = ctx.InstanceToValidate.Type;
            if (ContactIdentifierTypes.All.Contains(type) && !IdentifierRules.TryNormalize(type, value, out _, out var error))
                ctx.AddFailure(error);
        });
    }
}
