using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Events;
using Omni.Platform.Storage;

namespace Omni.Messaging.Inbox.OnContactChanged;

/// <summary>A deleted contact takes their conversations with them: the conversations (messages and
/// attachments with them), the contact's identities on channels, and the files kept for their attachments.
/// Deleting a person is usually a request to forget them. If they write again they arrive as a new contact.
/// Safe to run twice.</summary>
internal sealed class ContactDeletedHandler(DbSession session, IBlobStorage storage) : IIntegrationEventHandler<ContactDeleted>
{
    public async Task HandleAsync(ContactDeleted e, CancellationToken ct)
    {
        var keys = new List<string>();
        await using (var files = await session.CommandAsync("""
            with gone as (delete from messaging.conversations where contact_id = $1 returning id),
                 inboxes as (delete from messaging.contact_inboxes where contact_id = $1)
            select a.storage_key from messaging.attachments a
            join messaging.messages m on m.id = a.message_id
            where m.conversation_id in (select id from gone) and a.storage_key is not null
            """, ct))
        {
            files.Parameters.AddWithValue(NpgsqlDbType.Uuid, e.ContactId);
            await using var reader = await files.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) keys.Add(reader.GetString(0));
        }
        // Last, so that a failure above leaves every file in place for the retry.
        foreach (var key in keys) await storage.DeleteAsync(key, ct);
    }
}
