using NpgsqlTypes;
using Omni.Platform.Database;

namespace Omni.Platform.Tenancy;

/// <summary>What modules may ask about the people of the current org (memberships are the platform's table).</summary>
public sealed class OrgMembers(DbSession session, RequestContext request)
{
    /// <summary>Whether <paramref name="userId"/> is a member of the current org with one of <paramref name="roles"/>.</summary>
    public async Task<bool> HasRoleAsync(Guid userId, IReadOnlyList<string> roles, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select exists (select 1 from omni.memberships where org_id = $1 and user_id = $2 and role = any($3))", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, userId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, roles.ToArray());
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Whether the caller may change a record (a lead, a task) assigned to <paramref name="assigneeId"/>:
    /// owners, admins and API keys with the write scope always; agents too, unless the org limits agents to
    /// what is assigned to them (<c>agents_edit_assigned_only</c>). Viewers never reach a write.</summary>
    public async Task<bool> MayEditAssignedAsync(Guid? assigneeId, CancellationToken ct)
    {
        if (request.Role != OrgRoles.Agent) return true;
        if (assigneeId is { } a && a == request.UserId) return true;
        return !await AgentsEditAssignedOnlyAsync(ct);
    }

    /// <summary>The ids of the current org's members with these emails (compared case-insensitively), by lowercased email.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> MemberIdsByEmailAsync(IReadOnlyCollection<string> emails, CancellationToken ct)
    {
        var found = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (emails.Count == 0) return found;
        await using var cmd = await session.CommandAsync("""
            select lower(u.email), u.id from omni.memberships m join omni.users u on u.id = m.user_id
            where m.org_id = $1 and lower(u.email) = any($2)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, emails.Select(e => e.Trim().ToLowerInvariant()).Distinct().ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = reader.GetGuid(1);
        return found;
    }

    /// <summary>The org's <c>agents_edit_assigned_only</c> setting.</summary>
    public async Task<bool> AgentsEditAssignedOnlyAsync(CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("select agents_edit_assigned_only from omni.orgs where id = $1", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
