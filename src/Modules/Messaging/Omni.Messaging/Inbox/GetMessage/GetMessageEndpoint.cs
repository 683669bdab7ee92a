using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.GetMessage;

internal static class GetMessageEndpoint
{
    /// <summary>One message of the conversation, with its attachments and current delivery status.</summary>
    public static async Task<Results<Ok<MessageResponse>, NotFound>> Handle(
        Guid id, Guid messageId, MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId && m.ConversationId == id && m.OrgId == request.OrgId, ct);
        return message is null ? TypedResults.NotFound() : TypedResults.Ok(MessageResponse.From(message));
    }
}
