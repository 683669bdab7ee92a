using System.Text.Json;
using FluentValidation;
using Omni.Platform.OpenApi;
using Omni.Platform.Http;

namespace Omni.Contacts.CreateContact;

internal sealed record CreateContactRequest(
    string? Name,
    string? Email,
    string? Phone,
    List<IdentifierInput>? Identifiers,
    List<string>? Tags,
    JsonElement? CustomFields) : IHasExample<CreateContactRequest>
{
    public static CreateContactRequest Example => new(
        "Maria Silva", "maria@example.com", "+5511987654321",
        [new IdentifierInput("instagram", "@maria.silva")],
        ["vip"],
        JsonSerializer.SerializeToElement(new { company = "Acme" }));
}

internal sealed class CreateContactValidator : AbstractValidator<CreateContactRequest>
{
    public CreateContactValidator()
    {
        RuleFor(r => r.Name).MaximumLength(200);
        RuleFor(r => r.Email).ValidEmail();
        RuleFor(r => r.Phone).ValidPhone();
        RuleFor(r => r.Identifiers).Must(i => i is null || i.Count <= 50).WithMessage("at most 50 identifiers.");
        RuleForEach(r => r.Identifiers).SetValidator(new IdentifierInputValidator());
        RuleFor(r => r.Tags).ValidTags();
        RuleFor(r => r.CustomFields).ValidCustomFields();
        RuleFor(r => r).Must(r => !string.IsNullOrWhiteSpace(r.Name) || r.Email is not null || r.Phone is not null || r.Identifiers is { Count: > 0 })
            .WithName("name").WithMessage("A contact needs a name, an email, a phone or an identifier.");
    }
}
