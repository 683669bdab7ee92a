using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Outbound;

internal static class SendToConversationEndpoint
{
    /// <summary>Answers 202 with the message <c>queued</c>; its <c>status</c> follows the platform
    /// (sent, delivered, read, or failed with a reason).</summary>
    public static async Task<Results<Accepted<MessageResponse>, NotFound>> Handle(
        Guid id, SendMessageRequest body, MessagingDbContext db, OutboundMessages outbound, RequestContext request, CancellationToken ct)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (conversation is null) return TypedResults.NotFound();
        var message = await outbound.QueueAsync(conversation, body, upload: null, ct);
        return TypedResults.Accepted($"/api/v1/conversations/{id}/messages/{message.Id}", message);
    }
}
