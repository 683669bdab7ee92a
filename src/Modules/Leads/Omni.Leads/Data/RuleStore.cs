using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Leads.Data;

/// <summary>An automatic lead rule: on <c>first_inbound_message</c> (optionally of one channel) or on a
/// <c>tracked_event</c> named <c>event_name</c>, open a lead in <c>stage_id</c> of <c>pipeline_id</c>.</summary>
internal sealed record LeadRule(Guid Id, string Name, string Trigger, Guid? ChannelId, string? EventName, Guid PipelineId, Guid StageId,
    Guid? AssigneeId, string? Source, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal static class RuleTriggers
{
    public const string FirstInboundMessage = "first_inbound_message";
    public const string TrackedEvent = "tracked_event";

    public static bool IsValid(string? value) => value is FirstInboundMessage or TrackedEvent;
}

/// <summary><c>leads.rules</c> of the current org.</summary>
internal sealed class RuleStore(DbSession session, RequestContext request)
{
    private const string Columns = "id, name, trigger, channel_id, event_name, pipeline_id, stage_id, assignee_id, source, is_active, created_at, updated_at";

    public async Task<List<LeadRule>> ListAsync(CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"select {Columns} from leads.rules where org_id = $1 order by created_at, id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        return await ReadAsync(cmd, ct);
    }

    public async Task<LeadRule?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"select {Columns} from leads.rules where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return (await ReadAsync(cmd, ct)).SingleOrDefault();
    }

    /// <summary>Active rules of a trigger, oldest first (the first one that fits wins).</summary>
    public async Task<List<LeadRule>> ActiveAsync(string trigger, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"select {Columns} from leads.rules where org_id = $1 and trigger = $2 and is_active order by created_at, id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, trigger);
        return await ReadAsync(cmd, ct);
    }

    public async Task<LeadRule> SaveAsync(LeadRule r, bool isNew, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(isNew
            ? $"""
              insert into leads.rules (id, org_id, name, trigger, channel_id, event_name, pipeline_id, stage_id, assignee_id, source, is_active)
              values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning {Columns}
              """
            : $"""
              update leads.rules set name = $3, trigger = $4, channel_id = $5, event_name = $6, pipeline_id = $7, stage_id = $8,
                     assignee_id = $9, source = $10, is_active = $11, updated_at = now()
              where id = $1 and org_id = $2 returning {Columns}
              """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, r.Id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, r.Name);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, r.Trigger);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)r.ChannelId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)r.EventName ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, r.PipelineId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, r.StageId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)r.AssigneeId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)r.Source ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Boolean, r.IsActive);
        return (await ReadAsync(cmd, ct))[0];
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("delete from leads.rules where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Rules that open leads in a stage about to go open them in another.</summary>
    public async Task MoveStageAsync(Guid fromStageId, Guid toStageId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("update leads.rules set stage_id = $3, updated_at = now() where org_id = $1 and stage_id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, fromStageId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, toStageId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The event names the org's active tracked_event rules listen for.</summary>
    public async Task<List<string>> WatchedEventNamesAsync(CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select distinct event_name from leads.rules where org_id = $1 and trigger = 'tracked_event' and is_active order by 1", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<List<LeadRule>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<LeadRule>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new LeadRule(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetGuid(5), reader.GetGuid(6), reader.IsDBNull(7) ? null : reader.GetGuid(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetBoolean(9), reader.GetFieldValue<DateTimeOffset>(10),
                reader.GetFieldValue<DateTimeOffset>(11)));
        }
        return rows;
    }
}
