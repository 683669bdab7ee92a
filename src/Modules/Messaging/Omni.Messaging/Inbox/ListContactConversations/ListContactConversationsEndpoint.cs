using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Contacts.Contracts;
using Omni.Messaging.Data;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.ListContactConversations;

internal static class ListContactConversationsEndpoint
{
    /// <summary>A contact's conversations on every channel, resolved ones included, most recent activity
    /// first; paged like the inbox (<c>cursor</c> = the previous page's <c>next_cursor</c>).</summary>
    public static async Task<Results<Ok<Page<ConversationResponse>>, NotFound>> Handle(
        Guid id, int? limit, string? cursor, MessagingDbContext db, IContactDirectory contacts, RequestContext request, CancellationToken ct)
    {
        var (take, _) = Paging.Read(limit, null);
        var page = await ConversationQueries.PageAsync(db, request.OrgId, new ConversationFilter(Statuses: [], ContactId: id), ActivityCursor.Read(cursor), take, ct);
        // Conversations prove the contact; without any, ask Contacts whether it exists at all.
        if (page.Items.Count == 0 && cursor is null && await contacts.GetAsync(id, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok(page);
    }
}
