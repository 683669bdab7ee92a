using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.MarkConversationRead;

internal static class MarkConversationReadEndpoint
{
    /// <summary>An agent has seen the conversation: <c>unread_count</c> goes to 0 and
    /// <c>agent_last_seen_at</c> to now.</summary>
    public static async Task<Results<Ok<ConversationResponse>, NotFound>> Handle(
        Guid id, MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var now = DbClock.Now;
        var updated = await db.Conversations.Where(c => c.Id == id && c.OrgId == request.OrgId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UnreadCount, 0).SetProperty(c => c.AgentLastSeenAt, now).SetProperty(c => c.UpdatedAt, now), ct);
        if (updated == 0) return TypedResults.NotFound();
        return TypedResults.Ok((await ConversationQueries.GetAsync(db, request.OrgId, id, ct))!);
    }
}
