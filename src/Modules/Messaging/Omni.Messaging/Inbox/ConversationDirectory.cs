using NpgsqlTypes;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox;

internal sealed class ConversationDirectory(DbSession session, RequestContext request) : IConversationDirectory
{
    public async Task<bool> ExistsAsync(Guid conversationId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select exists (select 1 from messaging.conversations where org_id = $1 and id = $2)", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, conversationId);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
