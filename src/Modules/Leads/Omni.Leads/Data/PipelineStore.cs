using Npgsql;
using NpgsqlTypes;
using Omni.Leads.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Leads.Data;

/// <summary><c>leads.pipelines</c> and <c>leads.stages</c> of the current org, in the unit of work's session (RLS applies).</summary>
internal sealed class PipelineStore(DbSession session, RequestContext request)
{
    private const string PipelineColumns = "id, name, is_default, conversion_event, conversion_stage_id, created_at, updated_at";
    private const string StageColumns = "id, pipeline_id, name, kind, position";

    /// <summary>The org's default pipeline, created with its stages when the org has none yet.</summary>
    public async Task<Guid> EnsureDefaultAsync(CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("select leads.ensure_default_pipeline($1)", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        return await cmd.ExecuteScalarAsync(ct) as Guid? ?? throw new InvalidOperationException("The default pipeline could not be made for this org.");
    }

    public async Task<List<Pipeline>> ListAsync(CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"select {PipelineColumns} from leads.pipelines where org_id = $1 order by created_at, id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        return await ReadPipelinesAsync(cmd, ct);
    }

    public async Task<Pipeline?> GetAsync(Guid id, bool forUpdate, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"select {PipelineColumns} from leads.pipelines where org_id = $1 and id = $2" + (forUpdate ? " for update" : ""), ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return (await ReadPipelinesAsync(cmd, ct)).SingleOrDefault();
    }

    public async Task<Pipeline> CreateAsync(string name, string? conversionEvent, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"insert into leads.pipelines (id, org_id, name, conversion_event) values ($1, $2, $3, $4) returning {PipelineColumns}", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, name);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)conversionEvent ?? DBNull.Value);
        return (await ReadPipelinesAsync(cmd, ct))[0];
    }

    public async Task<Pipeline> UpdateAsync(Pipeline p, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"update leads.pipelines set name = $3, conversion_event = $4, conversion_stage_id = $5, updated_at = now() where org_id = $1 and id = $2 returning {PipelineColumns}", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, p.Id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, p.Name);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)p.ConversionEvent ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)p.ConversionStageId ?? DBNull.Value);
        return (await ReadPipelinesAsync(cmd, ct))[0];
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("delete from leads.pipelines where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The pipeline's stages in board order.</summary>
    public async Task<List<Stage>> StagesAsync(Guid pipelineId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"select {StageColumns} from leads.stages where org_id = $1 and pipeline_id = $2 order by position, id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, pipelineId);
        return await ReadStagesAsync(cmd, ct);
    }

    /// <summary>The stages of many pipelines, each pipeline's in board order.</summary>
    public async Task<List<Stage>> StagesOfAsync(IReadOnlyCollection<Guid> pipelineIds, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"select {StageColumns} from leads.stages where org_id = $1 and pipeline_id = any($2) order by pipeline_id, position, id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, pipelineIds.ToArray());
        return await ReadStagesAsync(cmd, ct);
    }

    public async Task<Stage?> GetStageAsync(Guid stageId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"select {StageColumns} from leads.stages where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, stageId);
        return (await ReadStagesAsync(cmd, ct)).SingleOrDefault();
    }

    public async Task<Stage> AddStageAsync(Guid pipelineId, string name, string kind, int? position, CancellationToken ct)
    {
        // Inserting at a position shifts the stages from there on; without one, the stage goes last.
        await using (var shift = await session.CommandAsync(
            "update leads.stages set position = position + 1 where org_id = $1 and pipeline_id = $2 and $3::int is not null and position >= $3", ct))
        {
            shift.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
            shift.Parameters.AddWithValue(NpgsqlDbType.Uuid, pipelineId);
            shift.Parameters.AddWithValue(NpgsqlDbType.Integer, (object?)position ?? DBNull.Value);
            await shift.ExecuteNonQueryAsync(ct);
        }
        await using var cmd = await session.CommandAsync($"""
            insert into leads.stages (id, org_id, pipeline_id, name, kind, position)
            values ($1, $2, $3, $4, $5, coalesce($6, (select coalesce(max(position), 0) + 1 from leads.stages where org_id = $2 and pipeline_id = $3)))
            returning {StageColumns}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, Guid.CreateVersion7());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, pipelineId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, name);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, kind);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Integer, (object?)position ?? DBNull.Value);
        return (await ReadStagesAsync(cmd, ct))[0];
    }

    public async Task UpdateStageAsync(Guid stageId, string name, string kind, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "update leads.stages set name = $3, kind = $4, updated_at = now() where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, stageId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, name);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, kind);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Positions 1..n in the order given (every stage of the pipeline, each once).</summary>
    public async Task ReorderAsync(Guid pipelineId, IReadOnlyList<Guid> order, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            update leads.stages s set position = o.position, updated_at = now()
            from unnest($3::uuid[]) with ordinality as o (id, position)
            where s.org_id = $1 and s.pipeline_id = $2 and s.id = o.id
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, pipelineId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, order.ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteStageAsync(Guid stageId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("delete from leads.stages where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, stageId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Locks the pipeline row so that stage changes of one pipeline run one after the other.</summary>
    public async Task<Pipeline> LockAsync(Guid pipelineId, CancellationToken ct) =>
        await GetAsync(pipelineId, forUpdate: true, ct) ?? throw new ApiException(404, "not_found", "No such pipeline.");

    private static async Task<List<Pipeline>> ReadPipelinesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<Pipeline>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Pipeline(reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return rows;
    }

    private static async Task<List<Stage>> ReadStagesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<Stage>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new Stage(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        return rows;
    }
}
