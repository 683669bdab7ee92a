using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Data;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.GetContact;

internal static class GetContactEndpoint
{
    public static async Task<Results<Ok<ContactResponse>, NotFound>> Handle(Guid id, ContactsDbContext db, RequestContext request, CancellationToken ct)
    {
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        return contact is null ? TypedResults.NotFound() : TypedResults.Ok(ContactResponse.From(contact));
    }
}
