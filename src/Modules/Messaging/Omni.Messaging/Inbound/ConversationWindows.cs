using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Contracts;
using Omni.Messaging.Data;

namespace Omni.Messaging.Inbound;

internal sealed class ConversationWindows(MessagingDbContext db) : IConversationWindows
{
    public Task<DateTimeOffset?> LastInboundAtAsync(Guid channelId, Guid contactId, CancellationToken ct) =>
        db.Conversations.Where(c => c.ChannelId == channelId && c.ContactId == contactId).MaxAsync(c => c.LastInboundAt, ct);
}
