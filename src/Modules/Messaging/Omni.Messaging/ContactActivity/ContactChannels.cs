using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Contracts;
using Omni.Messaging.Data;

namespace Omni.Messaging.ContactActivity;

internal sealed class ContactChannels(MessagingDbContext db) : IContactChannels
{
    public async Task<IReadOnlyList<Guid>> ContactsWithConversationOnAsync(string channelType, CancellationToken ct) =>
        await db.Conversations.Where(c => c.ChannelType == channelType).Select(c => c.ContactId).Distinct().ToListAsync(ct);
}
