using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace Omni.Tracking.Intake;

/// <summary>A source as intake needs it.</summary>
internal sealed record IntakeSource(Guid Id, Guid OrgId, string[] AllowedOrigins, string? PixelId, string ConsentMode, bool AnonymizeIp,
    bool StoreUserAgent, bool IsActive)
{
    /// <summary>A request without <c>Origin</c> comes from a server (GTM, a backend), not a page: allowed.</summary>
    public bool AllowsOrigin(string? origin) => string.IsNullOrEmpty(origin) || AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Finds a source by its public write key before the org is known, through the definer function
/// <c>tracking.find_source_by_write_key</c>. Answers are cached for <see cref="Lifetime"/> (unknown keys
/// too, so a flood of bad keys costs no queries): a rotated key or a switched-off source stops being
/// accepted within that time.</summary>
internal sealed class SourceDirectory(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (IntakeSource? Source, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<IntakeSource?> FindAsync(string writeKey, CancellationToken ct)
    {
        if (writeKey.Length is 0 or > 100) return null;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(writeKey, out var hit) && hit.Until > now) return hit.Source;

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("set local role omni_system"),
                new NpgsqlBatchCommand("""
                    select id, org_id, allowed_origins, pixel_id, consent_mode, anonymize_ip, store_user_agent, is_active
                    from tracking.find_source_by_write_key($1)
                    """)
                {
                    Parameters = { new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = writeKey } },
                },
            },
        };
        IntakeSource? found = null;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
                found = new IntakeSource(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<string[]>(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4), reader.GetBoolean(5), reader.GetBoolean(6), reader.GetBoolean(7));
        }
        await tx.CommitAsync(ct);
        if (_cache.Count >= MaxEntries) _cache.Clear();
        _cache[writeKey] = (found, now + Lifetime);
        return found;
    }

    /// <summary>Forgets cached answers (after a source's keys or settings change in this process).</summary>
    public void Forget() => _cache.Clear();
}
