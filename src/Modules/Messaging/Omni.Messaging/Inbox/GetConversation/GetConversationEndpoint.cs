using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Messaging.Data;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.GetConversation;

internal static class GetConversationEndpoint
{
    /// <summary>One conversation, e.g. one that a new message is about but that is not on the page shown.</summary>
    public static async Task<Results<Ok<ConversationResponse>, NotFound>> Handle(
        Guid id, MessagingDbContext db, RequestContext request, CancellationToken ct) =>
        await ConversationQueries.GetAsync(db, request.OrgId, id, ct) is { } conversation
            ? TypedResults.Ok(conversation)
            : TypedResults.NotFound();
}
