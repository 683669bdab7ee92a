using Omni.Platform.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Contacts.Domain;
using Omni.Platform.Events;
using Omni.Platform.Tenancy;
using Omni.Platform.Http;

namespace Omni.Contacts.UpdateContact;

internal static class UpdateContactEndpoint
{
    public static async Task<Results<Ok<ContactResponse>, NotFound>> Handle(
        Guid id, UpdateContactRequest body, ContactsDbContext db, RequestContext request, EventBus events, CancellationToken ct)
    {
        var contact = await db.Contacts.AsTracking().Include(c => c.Identifiers)
            .SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (contact is null) return TypedResults.NotFound();
        var now = DbClock.Now;

        if (body.Name.IsSet) contact.Name = string.IsNullOrWhiteSpace(body.Name.Value) ? null : body.Name.Value.Trim();
        if (body.Email.IsSet) contact.Email = await ReplacePrimaryAsync(db, contact, ContactIdentifierTypes.Email, contact.Email, body.Email.Value, now, ct);
        if (body.Phone.IsSet) contact.Phone = await ReplacePrimaryAsync(db, contact, ContactIdentifierTypes.Phone, contact.Phone, body.Phone.Value, now, ct);
        if (body.Tags is not null) contact.Tags = ContactFieldRules.CleanTags(body.Tags);
        if (CustomFields.AsFields(body.CustomFields) is { } fields) contact.CustomFields = CustomFields.Merge(contact.CustomFields, fields);
        contact.UpdatedAt = now;

        await ContactIdentifiers.SaveAsync(db, ct);
        await events.PublishAsync(new ContactUpdated(contact.OrgId, contact.Id, now), ct);
        return TypedResults.Ok(await ContactResponse.ReadAsync(db, contact.Id, ct));
    }

    /// <summary>The primary email/phone is also an identifier: the old one is dropped, the new one added.</summary>
    private static async Task<string?> ReplacePrimaryAsync(ContactsDbContext db, Contact contact, string type, string? current, string? raw,
        DateTimeOffset now, CancellationToken ct)
    {
        var next = ContactIdentifiers.Normalize(
            type == ContactIdentifierTypes.Email ? raw : null,
            type == ContactIdentifierTypes.Phone ? raw : null, null).Select(i => i.Value).FirstOrDefault();
        if (next == current) return current;
        if (next is not null)
        {
            await ContactIdentifiers.EnsureFreeAsync(db, contact.OrgId, [(type, next)], contact.Id, ct);
            if (!contact.Identifiers.Any(i => i.Type == type && i.Value == next))
                contact.Identifiers.Add(ContactIdentifiers.NewRow(contact.OrgId, contact.Id, type, next, now));
        }
        var old = contact.Identifiers.FirstOrDefault(i => i.Type == type && i.Value == current);
        if (old is not null) contact.Identifiers.Remove(old);
        return next;
    }
}
