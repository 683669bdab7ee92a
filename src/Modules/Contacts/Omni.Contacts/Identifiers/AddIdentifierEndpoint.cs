using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.Identifiers;

internal static class AddIdentifierEndpoint
{
    public static async Task<Results<Created<IdentifierResponse>, Ok<IdentifierResponse>, NotFound>> Handle(
        Guid id, AddIdentifierRequest body, ContactsDbContext db, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        if (!await db.Contacts.AnyAsync(c => c.Id == id && c.OrgId == orgId, ct)) return TypedResults.NotFound();
        var (type, value) = ContactIdentifiers.Normalize(null, null, [new IdentifierInput(body.Type, body.Value)]).Single();

        var existing = await db.Identifiers.SingleOrDefaultAsync(i => i.OrgId == orgId && i.ContactId == id && i.Type == type && i.Value == value, ct);
        if (existing is not null) return TypedResults.Ok(new IdentifierResponse(existing.Id, existing.Type, existing.Value));

        await ContactIdentifiers.EnsureFreeAsync(db, orgId, [(type, value)], id, ct);
        var row = ContactIdentifiers.NewRow(orgId, id, type, value, DbClock.Now);
        db.Identifiers.Add(row);
        await ContactIdentifiers.SaveAsync(db, ct);
        // A contact without a primary email or phone takes the first one it is given.
        if (type == ContactIdentifierTypes.Email)
            await db.Contacts.Where(c => c.Id == id && c.Email == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Email, value), ct);
        if (type == ContactIdentifierTypes.Phone)
            await db.Contacts.Where(c => c.Id == id && c.Phone == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, value), ct);
        return TypedResults.Created($"/api/v1/contacts/{id}/identifiers/{row.Id}", new IdentifierResponse(row.Id, row.Type, row.Value));
    }
}
