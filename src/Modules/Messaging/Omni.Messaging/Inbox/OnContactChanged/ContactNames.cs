using NpgsqlTypes;
using Omni.Contacts.Contracts;
using Omni.Platform.Database;

namespace Omni.Messaging.Inbox.OnContactChanged;

/// <summary>Messaging's copy of contact names on conversations, refreshed from <see cref="IContactDirectory"/>.</summary>
internal sealed class ContactNames(IContactDirectory contacts, DbSession session)
{
    public async Task RefreshAsync(Guid contactId, CancellationToken ct)
    {
        // A contact that no longer exists keeps the name its conversations last showed.
        if (await contacts.GetAsync(contactId, ct) is not { } contact) return;
        await using var cmd = await session.CommandAsync(
            "update messaging.conversations set contact_name = $2 where contact_id = $1 and contact_name is distinct from $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)contact.Name ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
