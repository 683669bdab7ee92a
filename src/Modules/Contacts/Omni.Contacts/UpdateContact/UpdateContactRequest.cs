using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Omni.Platform.Http;
using Omni.Platform.OpenApi;

namespace Omni.Contacts.UpdateContact;

/// <summary>Fields left out stay as they are; <c>null</c> clears <c>name</c>, <c>email</c> or <c>phone</c>.
/// <c>tags</c> replaces the list. <c>custom_fields</c> is merged key by key; a key set to null is removed.</summary>
internal sealed record UpdateContactRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> Email,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Optional<string> Phone,
    List<string>? Tags,
    JsonElement? CustomFields) : IHasExample<UpdateContactRequest>
{
    public static UpdateContactRequest Example => new(
        "Maria S. Silva", default, default, ["vip", "returning"],
        JsonSerializer.SerializeToElement(new { company = "Acme Ltda" }));
}

internal sealed class UpdateContactValidator : AbstractValidator<UpdateContactRequest>
{
    public UpdateContactValidator()
    {
        RuleFor(r => r.Name.Value).MaximumLength(200).OverridePropertyName("name");
        RuleFor(r => r.Email.Value).ValidEmail().OverridePropertyName("email");
        RuleFor(r => r.Phone.Value).ValidPhone().OverridePropertyName("phone");
        RuleFor(r => r.Tags).ValidTags();
        RuleFor(r => r.CustomFields).ValidCustomFields();
    }
}
