using Omni.Platform.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Contacts.Contracts;
using Omni.Contacts.Data;
using Omni.Platform.Events;
using Omni.Platform.Tenancy;

namespace Omni.Contacts.DeleteContact;

internal static class DeleteContactEndpoint
{
    public static async Task<Results<NoContent, NotFound>> Handle(Guid id, ContactsDbContext db, RequestContext request, EventBus events, CancellationToken ct)
    {
        var deleted = await db.Contacts.Where(c => c.Id == id && c.OrgId == request.OrgId).ExecuteDeleteAsync(ct);
        if (deleted == 0) return TypedResults.NotFound();
        await events.PublishAsync(new ContactDeleted(request.OrgId, id, DbClock.Now), ct);
        return TypedResults.NoContent();
    }
}
