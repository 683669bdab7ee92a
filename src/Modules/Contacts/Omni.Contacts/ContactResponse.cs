using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Data;
using Omni.Contacts.Domain;
using Omni.Platform.Http;

namespace Omni.Contacts;

internal sealed record IdentifierResponse(Guid Id, string Type, string Value);

internal sealed record ContactResponse(
    Guid Id,
    string? Name,
    string? Email,
    string? Phone,
    IReadOnlyList<string> Tags,
    RawJson<Dictionary<string, JsonElement>> CustomFields,
    RawJson<IReadOnlyList<IdentifierResponse>> Identifiers,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>From a contact as read from the database (its identifier list comes with the row).</summary>
    public static ContactResponse From(Contact c) => new(
        c.Id, c.Name, c.Email, c.Phone, c.Tags,
        new RawJson<Dictionary<string, JsonElement>>(c.CustomFields),
        new RawJson<IReadOnlyList<IdentifierResponse>>(c.IdentifierList),
        c.CreatedAt, c.UpdatedAt);

    /// <summary>Reads a contact back after a change, so the answer shows exactly what is stored.</summary>
    public static async Task<ContactResponse> ReadAsync(ContactsDbContext db, Guid id, CancellationToken ct) =>
        From(await db.Contacts.SingleAsync(c => c.Id == id, ct));
}
