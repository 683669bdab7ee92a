using Omni.Platform.OpenApi;

namespace Omni.Contacts.Identifiers;

internal sealed record AddIdentifierRequest(string Type, string Value) : IHasExample<AddIdentifierRequest>, IIdentifierFields
{
    public static AddIdentifierRequest Example => new("telegram", "@maria_silva");
}

internal sealed class AddIdentifierValidator : IdentifierFieldsValidator<AddIdentifierRequest>;
