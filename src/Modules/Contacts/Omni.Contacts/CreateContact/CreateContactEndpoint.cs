using Omni.Platform.Database;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Contacts.Domain;
using Omni.Platform.Tenancy;
using Omni.Platform.Http;

namespace Omni.Contacts.CreateContact;

internal static class CreateContactEndpoint
{
    public static async Task<Created<ContactResponse>> Handle(CreateContactRequest body, ContactsDbContext db, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var identifiers = ContactIdentifiers.Normalize(body.Email, body.Phone, body.Identifiers);
        await ContactIdentifiers.EnsureFreeAsync(db, orgId, identifiers, null, ct);

        var now = DbClock.Now;
        var contact = new Contact
        {
            Id = Guid.CreateVersion7(),
            OrgId = orgId,
            Name = string.IsNullOrWhiteSpace(body.Name) ? null : body.Name.Trim(),
            Email = identifiers.FirstOrDefault(i => i.Type == ContactIdentifierTypes.Email).Value,
            Phone = identifiers.FirstOrDefault(i => i.Type == ContactIdentifierTypes.Phone).Value,
            Tags = ContactFieldRules.CleanTags(body.Tags ?? []),
            CustomFields = JsonSerializer.Serialize(CustomFields.AsFields(body.CustomFields) ?? []),
            CreatedAt = now,
            UpdatedAt = now,
        };
        contact.Identifiers.AddRange(identifiers.Select(i => ContactIdentifiers.NewRow(orgId, contact.Id, i.Type, i.Value, now)));
        db.Contacts.Add(contact);
        await ContactIdentifiers.SaveAsync(db, ct);
        return TypedResults.Created($"/api/v1/contacts/{contact.Id}", await ContactResponse.ReadAsync(db, contact.Id, ct));
    }
}
