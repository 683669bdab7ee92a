using System.Text.Json;
using Omni.Contacts.Domain;

namespace Omni.Contacts;

internal sealed record IdentifierResponse(Guid Id, string Type, string Value);

internal sealed record ContactResponse(
    Guid Id,
    string? Name,
    string? Email,
    string? Phone,
    IReadOnlyList<string> Tags,
    JsonElement CustomFields,
    IReadOnlyList<IdentifierResponse> Identifiers,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ContactResponse From(Contact c) => new(
        c.Id, c.Name, c.Email, c.Phone, c.Tags, c.CustomFields.RootElement.Clone(),
        c.Identifiers.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i => new IdentifierResponse(i.Id, i.Type, i.Value)).ToList(),
        c.CreatedAt, c.UpdatedAt);
}
