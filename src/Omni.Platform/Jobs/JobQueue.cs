using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Platform.Hosting;
using Omni.Platform.Tenancy;

namespace Omni.Platform.Jobs;

/// <summary>Enqueues jobs inside the current unit of work's transaction, so a job exists exactly when the
/// change that asked for it committed (the outbox).</summary>
public sealed class JobQueue(DbSession session, RequestContext request, JobOptions options, JobTypes types,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public async Task<Guid> EnqueueAsync(string type, object payload, DateTimeOffset? runAt = null, int? maxAttempts = null, CancellationToken ct = default)
    {
        if (!types.IsKnown(type)) throw new InvalidOperationException($"No job handler is registered for '{type}'.");
        var id = Guid.CreateVersion7();
        await using var cmd = await session.CommandAsync("""
            insert into omni.jobs (id, org_id, type, payload, max_attempts, run_at) values ($1, $2, $3, $4, $5, coalesce($6, now()))
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.HasOrg ? request.OrgId : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, type);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(payload, payload.GetType(), json.Value.SerializerOptions));
        cmd.Parameters.AddWithValue(NpgsqlDbType.Integer, maxAttempts ?? options.DefaultMaxAttempts);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, runAt is { } r ? r.UtcDateTime : DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
        return id;
    }

    /// <summary>A recurring job of the current org: queued for <paramref name="runAt"/> unless one of its type
    /// is already waiting (a job that re-queues itself, or a schedule kicked by several changes, stays one).
    /// Returns whether it queued one.</summary>
    public async Task<bool> EnqueueUnlessPendingAsync(string type, object payload, DateTimeOffset runAt, CancellationToken ct = default)
    {
        await using (var cmd = await session.CommandAsync(
            "select exists (select 1 from omni.jobs where type = $1 and status = 'pending' and org_id = $2)", ct))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, type);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            if (await cmd.ExecuteScalarAsync(ct) is true) return false;
        }
        await EnqueueAsync(type, payload, runAt, ct: ct);
        return true;
    }

    /// <summary>Jobs of one type for the current org, one per payload, in one statement (a batch of webhooks).</summary>
    public async Task<IReadOnlyList<Guid>> EnqueueManyAsync(string type, IReadOnlyList<object> payloads, CancellationToken ct = default)
    {
        if (!types.IsKnown(type)) throw new InvalidOperationException($"No job handler is registered for '{type}'.");
        if (payloads.Count == 0) return [];
        var ids = payloads.Select(_ => Guid.CreateVersion7()).ToArray();
        await using var cmd = await session.CommandAsync("""
            insert into omni.jobs (id, org_id, type, payload, max_attempts, run_at)
            select t.id, $2, $3, t.payload, $5, now() from unnest($1::uuid[], $4::jsonb[]) as t(id, payload)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.HasOrg ? request.OrgId : DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, type);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
            payloads.Select(p => JsonSerializer.Serialize(p, p.GetType(), json.Value.SerializerOptions)).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Integer, options.DefaultMaxAttempts);
        await cmd.ExecuteNonQueryAsync(ct);
        return ids;
    }
}

/// <summary>The job types that have a handler in this process.</summary>
public sealed class JobTypes
{
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);

    internal void Add(string type)
    {
        if (!_types.Add(type)) throw new InvalidOperationException($"Job type '{type}' is registered twice.");
    }

    public bool IsKnown(string type) => _types.Contains(type);

    public IReadOnlyCollection<string> All => _types;
}

public static class JobRegistration
{
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string type) where THandler : class, IJobHandler
    {
        JobTypesFrom(services).Add(type);
        services.AddKeyedScoped<IJobHandler, THandler>(type);
        return services;
    }

    /// <summary>A statement the worker runs with its housekeeping every few minutes, as <c>omni_worker</c>
    /// (so a <c>security definer</c> function granted to that role): e.g. dropping a module's expired rows.</summary>
    public static IServiceCollection AddHousekeeping(this IServiceCollection services, string sql)
    {
        services.GetOrAddInstance<Housekeeping>().Statements.Add(sql);
        return services;
    }

    internal static JobTypes JobTypesFrom(IServiceCollection services) => services.GetOrAddInstance<JobTypes>();

    internal static Housekeeping HousekeepingFrom(IServiceCollection services) => services.GetOrAddInstance<Housekeeping>();
}

/// <summary>The modules' housekeeping statements.</summary>
internal sealed class Housekeeping
{
    public List<string> Statements { get; } = [];
}
