using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.Identifiers;

internal static class RemoveIdentifierEndpoint
{
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, Guid identifierId, ContactsDbContext db, RequestContext request, CancellationToken ct)
    {
        var orgId = request.OrgId;
        var identifier = await db.Identifiers.SingleOrDefaultAsync(i => i.Id == identifierId && i.ContactId == id && i.OrgId == orgId, ct);
        if (identifier is null) return TypedResults.NotFound();

        await db.Identifiers.Where(i => i.Id == identifierId).ExecuteDeleteAsync(ct);
        // The primary email/phone shown on the contact is one of its identifiers; it goes with it.
        if (identifier.Type == ContactIdentifierTypes.Email)
            await db.Contacts.Where(c => c.Id == id && c.Email == identifier.Value).ExecuteUpdateAsync(s => s.SetProperty(c => c.Email, (string?)null), ct);
        if (identifier.Type == ContactIdentifierTypes.Phone)
            await db.Contacts.Where(c => c.Id == id && c.Phone == identifier.Value).ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, (string?)null), ct);
        return TypedResults.NoContent();
    }
}
