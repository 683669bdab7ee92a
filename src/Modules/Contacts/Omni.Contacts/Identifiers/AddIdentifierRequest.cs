using FluentValidation;
using Omni.Platform.OpenApi;

namespace Omni.Contacts.Identifiers;

internal sealed record AddIdentifierRequest(string Type, string Value) : IHasExample<AddIdentifierRequest>
{
    public static AddIdentifierRequest Example => new("telegram", "@maria_silva");
}

internal sealed class AddIdentifierValidator : AbstractValidator<AddIdentifierRequest>
{
    public AddIdentifierValidator() =>
        RuleFor(r => new IdentifierInput(r.Type, r.Value)).SetValidator(new IdentifierInputValidator()).OverridePropertyName("identifier");
}
