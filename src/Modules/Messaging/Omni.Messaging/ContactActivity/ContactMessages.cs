using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Contracts;
using Omni.Messaging.Data;
using Omni.Platform.Database;

namespace Omni.Messaging.ContactActivity;

internal sealed class ContactMessages(MessagingDbContext db) : IContactMessages
{
    public async Task<IReadOnlyList<ContactMessage>> ListAsync(Guid contactId, DateTimeOffset? beforeAt, Guid? beforeId, int limit, CancellationToken ct)
    {
        var query = from m in db.Messages
                    join c in db.Conversations on m.ConversationId equals c.Id
                    where c.ContactId == contactId
                    select new { m, c.ChannelType };
        if (beforeAt is { } at && beforeId is { } id)
            query = query.Where(x => EF.Functions.LessThan(ValueTuple.Create(x.m.SentAt, x.m.Id), ValueTuple.Create(at, id)));
        var rows = await query.OrderByDescending(x => x.m.SentAt).ThenByDescending(x => x.m.Id).TakeAsConstant(limit).ToListAsync(ct);
        return rows.Select(x => new ContactMessage(x.m.Id, x.m.ConversationId, x.m.ChannelId, x.ChannelType, x.m.Direction, x.m.Type, x.m.Content,
            x.m.SenderType, x.m.Private, x.m.SentAt)).ToList();
    }
}
