using FluentValidation;
using Omni.Contacts.Contracts;
using Omni.Contacts.Domain;

namespace Omni.Contacts;

/// <summary>A request shape carrying an identifier's <c>type</c> and <c>value</c>.</summary>
internal interface IIdentifierFields
{
    string Type { get; }

    string Value { get; }
}

internal sealed record IdentifierInput(string Type, string Value) : IIdentifierFields;

/// <summary>The identifier rules for any request shape; errors name its own <c>type</c> and <c>value</c> fields.</summary>
internal abstract class IdentifierFieldsValidator<T> : AbstractValidator<T> where T : IIdentifierFields
{
    protected IdentifierFieldsValidator()
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

internal sealed class IdentifierInputValidator : IdentifierFieldsValidator<IdentifierInput>;
