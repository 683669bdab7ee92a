using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Jobs;

namespace Omni.Messaging.Inbox.WakeSnoozed;

internal sealed record WakeSnoozedPayload(Guid ConversationId);

/// <summary>Reopens a snoozed conversation when its time comes: one job per snooze, due at
/// <c>snoozed_until</c>. A job whose snooze was changed since (snoozed again until later, reopened,
/// resolved) finds nothing to do: the later snooze has its own job. Reads already show an expired snooze as
/// open; this writes it down, so the stored status is right for everything else.</summary>
internal sealed class WakeSnoozedJob(DbSession session) : IJobHandler
{
    public const string Type = "messaging.wake-snoozed";

    public async Task HandleAsync(JobContext job, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            update messaging.conversations set status = 'open', snoozed_until = null, updated_at = now()
            where id = $1 and status = 'snoozed' and snoozed_until <= now()
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, job.Payload.GetProperty("conversation_id").GetGuid());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
