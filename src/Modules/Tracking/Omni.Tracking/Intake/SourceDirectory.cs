using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using Omni.Platform.Database;

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

        var found = await SystemLookup.FirstAsync(dataSource, """
            select id, org_id, allowed_origins, pixel_id, consent_mode, anonymize_ip, store_user_agent, is_active
            from tracking.find_source_by_write_key($1)
            """,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = writeKey },
            r => new IntakeSource(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<string[]>(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetString(4), r.GetBoolean(5), r.GetBoolean(6), r.GetBoolean(7)), ct);
        if (_cache.Count >= MaxEntries) _cache.Clear();
        _cache[writeKey] = (found, now + Lifetime);
        return found;
    }

    /// <summary>Forgets cached answers (after a source's keys or settings change in this process).</summary>
    public void Forget() => _cache.Clear();
}
