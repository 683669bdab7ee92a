using System.Text;
using Npgsql;
using NpgsqlTypes;
using Omni.Leads.Domain;
using Omni.Leads.Pipelines.GetBoard;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Leads.Data;

/// <summary><c>leads.leads</c> of the current org, in the unit of work's session (RLS applies). Every list is
/// newest first, (created_at, id) descending, which is also its keyset.</summary>
internal sealed class LeadStore(DbSession session, RequestContext request)
{
    public const string Columns = """
        l.id, l.org_id, l.pipeline_id, l.stage_id, l.title, l.contact_id, l.value, l.currency, l.source, l.status, l.lost_reason,
        l.assignee_id, l.expected_close_date, l.custom_fields::text, l.first_touch::text, l.last_touch::text, l.created_by,
        l.stage_entered_at, l.closed_at, l.created_at, l.updated_at
        """;

    public async Task<Lead?> GetAsync(Guid id, bool forUpdate, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            $"select {Columns} from leads.leads l where l.org_id = $1 and l.id = $2" + (forUpdate ? " for update" : ""), ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return (await ReadAsync(cmd, ct)).SingleOrDefault();
    }

    public async Task<bool> ExistsAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("select exists (select 1 from leads.leads where org_id = $1 and id = $2)", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Inserts the leads in one statement; their created_at and stage_entered_at are the transaction's time.</summary>
    public async Task<List<Lead>> InsertAsync(IReadOnlyList<Lead> leads, CancellationToken ct)
    {
        if (leads.Count == 0) return [];
        await using var cmd = await session.CommandAsync($"""
            insert into leads.leads as l (id, org_id, pipeline_id, stage_id, title, contact_id, value, currency, source, status, lost_reason,
                                          assignee_id, expected_close_date, custom_fields, first_touch, last_touch, created_by, closed_at)
            select t.id, $1, t.pipeline_id, t.stage_id, t.title, t.contact_id, t.value, t.currency, t.source, t.status, t.lost_reason,
                   t.assignee_id, t.expected_close_date, t.custom_fields::jsonb, t.first_touch::jsonb, t.last_touch::jsonb, $17,
                   case when t.status <> 'open' then now() end
            from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::numeric[], $8::text[], $9::text[], $10::text[],
                        $11::text[], $12::uuid[], $13::date[], $14::text[], $15::text[], $16::text[])
                 with ordinality as t (id, pipeline_id, stage_id, title, contact_id, value, currency, source, status, lost_reason,
                                       assignee_id, expected_close_date, custom_fields, first_touch, last_touch, n)
            order by t.n
            returning {Columns}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, leads.Select(l => l.Id).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, leads.Select(l => l.PipelineId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, leads.Select(l => l.StageId).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => l.Title).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, leads.Select(l => (object?)l.ContactId ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Numeric, leads.Select(l => (object?)l.Value ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => (object?)l.Currency ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => (object?)l.Source ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => l.Status).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => (object?)l.LostReason ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, leads.Select(l => (object?)l.AssigneeId ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Date, leads.Select(l => (object?)l.ExpectedCloseDate ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => l.CustomFields).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => (object?)l.FirstTouch ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, leads.Select(l => (object?)l.LastTouch ?? DBNull.Value).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)leads[0].CreatedBy ?? DBNull.Value);
        return await ReadAsync(cmd, ct);
    }

    /// <summary>Writes the lead's changeable fields back (and its stage_entered_at / closed_at as given).</summary>
    public async Task<Lead> UpdateAsync(Lead l, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync($"""
            update leads.leads l set pipeline_id = $3, stage_id = $4, title = $5, contact_id = $6, value = $7, currency = $8, source = $9,
                   status = $10, lost_reason = $11, assignee_id = $12, expected_close_date = $13, custom_fields = $14::jsonb,
                   first_touch = $15::jsonb, last_touch = $16::jsonb, stage_entered_at = $17, closed_at = $18, updated_at = now()
            where l.org_id = $1 and l.id = $2
            returning {Columns}
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, l.Id);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, l.PipelineId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, l.StageId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, l.Title);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)l.ContactId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Numeric, (object?)l.Value ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)l.Currency ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)l.Source ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, l.Status);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)l.LostReason ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)l.AssigneeId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Date, (object?)l.ExpectedCloseDate ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, l.CustomFields);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)l.FirstTouch ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)l.LastTouch ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, l.StageEnteredAt.UtcDateTime);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, l.ClosedAt is { } c ? c.UtcDateTime : DBNull.Value);
        return (await ReadAsync(cmd, ct))[0];
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("delete from leads.leads where org_id = $1 and id = $2", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, id);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>One page of the list (fetch <paramref name="take"/> + 1 to know whether there is more).</summary>
    public async Task<List<Lead>> ListAsync(LeadFilter f, KeysetCursor? after, int take, CancellationToken ct)
    {
        var sql = new StringBuilder($"select {Columns} from leads.leads l where l.org_id = $1");
        var args = new List<(NpgsqlDbType, object)> { (NpgsqlDbType.Uuid, request.OrgId) };
        void Add(string clause, NpgsqlDbType type, object value)
        {
            args.Add((type, value));
            sql.Append(" and ").Append(clause.Replace("@", "$" + args.Count, StringComparison.Ordinal));
        }
        if (f.PipelineId is { } p) Add("l.pipeline_id = @", NpgsqlDbType.Uuid, p);
        if (f.StageId is { } s) Add("l.stage_id = @", NpgsqlDbType.Uuid, s);
        if (f.Status is { } st) Add("l.status = @", NpgsqlDbType.Text, st);
        if (f.AssigneeId is { } a) Add("l.assignee_id = @", NpgsqlDbType.Uuid, a);
        if (f.AssigneeNone) sql.Append(" and l.assignee_id is null");
        if (f.Source is { } src) Add("l.source = @", NpgsqlDbType.Text, src);
        if (f.ValueMin is { } min) Add("l.value >= @", NpgsqlDbType.Numeric, min);
        if (f.ValueMax is { } max) Add("l.value <= @", NpgsqlDbType.Numeric, max);
        if (f.CloseBefore is { } before) Add("l.expected_close_date < @", NpgsqlDbType.Date, before);
        if (f.CloseAfter is { } afterDate) Add("l.expected_close_date > @", NpgsqlDbType.Date, afterDate);
        if (f.Text is { } q) Add(@"l.title ilike @ escape '\'", NpgsqlDbType.Text, "%" + Escape(q) + "%");
        if (f.ContactId is { } contact) Add("l.contact_id = @", NpgsqlDbType.Uuid, contact);
        if (after is { } c)
        {
            args.Add((NpgsqlDbType.TimestampTz, c.At.UtcDateTime));
            args.Add((NpgsqlDbType.Uuid, c.Id));
            sql.Append($" and (l.created_at, l.id) < (${args.Count - 1}, ${args.Count})");
        }
        sql.Append($" order by l.created_at desc, l.id desc limit {take}");
        await using var cmd = await session.CommandAsync(sql.ToString(), ct);
        foreach (var (type, value) in args) cmd.Parameters.AddWithValue(type, value);
        return await ReadAsync(cmd, ct);
    }

    /// <summary>Everything the board shows, in one round trip: the pipeline's stages in order with their totals
    /// (one row per stage and currency, currency null for a stage without leads), then each stage's first
    /// <paramref name="take"/> leads. Null when the pipeline is not the org's.</summary>
    public async Task<(string Name, List<Stage> Stages, List<(Guid StageId, string? Currency, long Count, decimal Total)> Totals, List<(Guid StageId, LeadCard Card)> Leads)?> BoardAsync(
        Guid pipelineId, int take, CancellationToken ct)
    {
        await using var batch = session.CreateBatch();
        var stages = new NpgsqlBatchCommand("""
            select p.name, s.id, s.name, s.kind, s.position, t.currency, t.lead_count, t.value_total
            from leads.pipelines p
            join leads.stages s on s.org_id = p.org_id and s.pipeline_id = p.id
            left join leads.stage_totals t on t.org_id = s.org_id and t.stage_id = s.id and t.lead_count > 0
            where p.org_id = $1 and p.id = $2
            order by s.position, s.id, t.currency
            """);
        // Cards only: the columns a board shows, not the custom fields and attribution of every lead.
        var leads = new NpgsqlBatchCommand($"""
            select l.stage_id, l.id, l.title, l.contact_id, l.value, l.currency, l.status, l.assignee_id, l.expected_close_date,
                   l.stage_entered_at, l.created_at
            from leads.stages s
            cross join lateral (
              select x.stage_id, x.id, x.title, x.contact_id, x.value, x.currency, x.status, x.assignee_id, x.expected_close_date,
                     x.stage_entered_at, x.created_at
              from leads.leads x where x.org_id = $1 and x.stage_id = s.id order by x.created_at desc, x.id desc limit {take}
            ) l
            where s.org_id = $1 and s.pipeline_id = $2
            """);
        foreach (var command in new[] { stages, leads })
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = request.OrgId });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = pipelineId });
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        string? name = null;
        var stageList = new List<Stage>();
        var totals = new List<(Guid, string?, long, decimal)>();
        while (await reader.ReadAsync(ct))
        {
            name = reader.GetString(0);
            var stageId = reader.GetGuid(1);
            if (stageList.Count == 0 || stageList[^1].Id != stageId)
                stageList.Add(new Stage(stageId, pipelineId, reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
            if (!reader.IsDBNull(5))
            {
                var currency = reader.GetString(5);
                totals.Add((stageId, currency.Length == 0 ? null : currency, reader.GetInt64(6), reader.GetDecimal(7)));
            }
        }
        await reader.NextResultAsync(ct);
        var rows = new List<(Guid, LeadCard)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetGuid(0), new LeadCard(reader.GetGuid(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10))));
        }
        return name is null ? null : (name, stageList, totals, rows);
    }

    public async Task<bool> AnyInStageAsync(Guid stageId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("select exists (select 1 from leads.leads where org_id = $1 and stage_id = $2)", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, stageId);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Every lead of a stage goes to <paramref name="toStageId"/> of the same pipeline (the stage itself when
    /// only its kind changed) with the status of <paramref name="toKind"/>; answers each lead changed with its old
    /// status. Leads already in place with that status are left as they are.</summary>
    public async Task<Dictionary<Guid, string>> MoveStageAsync(Guid fromStageId, Guid toStageId, string toKind, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("""
            with old as (select id, status from leads.leads where org_id = $1 and stage_id = $2 and ($2 <> $3 or status <> $4) for update)
            update leads.leads l set stage_id = $3, status = $4, updated_at = now(),
                   stage_entered_at = case when $2 <> $3 then now() else l.stage_entered_at end,
                   lost_reason = case when $4 = 'lost' then l.lost_reason end,
                   closed_at = case when $4 = 'open' then null else coalesce(l.closed_at, now()) end
            from old where l.org_id = $1 and l.id = old.id
            returning l.id, old.status
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, fromStageId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, toStageId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, toKind);
        var changed = new Dictionary<Guid, string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) changed[reader.GetGuid(0)] = reader.GetString(1);
        return changed;
    }

    /// <summary>The ids of the org's leads of a contact.</summary>
    public async Task<List<Guid>> IdsOfContactAsync(Guid contactId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("select id from leads.leads where org_id = $1 and contact_id = $2 order by id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>Points the contact's leads at another contact (null: no contact); answers the ids changed.</summary>
    public async Task<List<Guid>> ReplaceContactAsync(Guid contactId, Guid? replacement, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "update leads.leads set contact_id = $3, updated_at = now() where org_id = $1 and contact_id = $2 returning id", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)replacement ?? DBNull.Value);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    public async Task<bool> HasOpenLeadAsync(Guid contactId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select exists (select 1 from leads.leads where org_id = $1 and contact_id = $2 and status = 'open')", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Serializes work on one contact's leads until the transaction ends (automatic leads).</summary>
    public async Task LockContactAsync(Guid contactId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync("select pg_advisory_xact_lock(hashtextextended('leads.contact:' || $1::text || ':' || $2::text, 0))", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, contactId);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<Guid>> ContactsInStageAsync(Guid stageId, CancellationToken ct)
    {
        await using var cmd = await session.CommandAsync(
            "select distinct contact_id from leads.leads where org_id = $1 and stage_id = $2 and contact_id is not null", ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, request.OrgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, stageId);
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    public static async Task<List<Lead>> ReadAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var rows = new List<Lead>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(Read(reader));
        return rows;
    }

    private static Lead Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        OrgId = r.GetGuid(1),
        PipelineId = r.GetGuid(2),
        StageId = r.GetGuid(3),
        Title = r.GetString(4),
        ContactId = r.IsDBNull(5) ? null : r.GetGuid(5),
        Value = r.IsDBNull(6) ? null : r.GetDecimal(6),
        Currency = r.IsDBNull(7) ? null : r.GetString(7),
        Source = r.IsDBNull(8) ? null : r.GetString(8),
        Status = r.GetString(9),
        LostReason = r.IsDBNull(10) ? null : r.GetString(10),
        AssigneeId = r.IsDBNull(11) ? null : r.GetGuid(11),
        ExpectedCloseDate = r.IsDBNull(12) ? null : r.GetFieldValue<DateOnly>(12),
        CustomFields = r.GetString(13),
        FirstTouch = r.IsDBNull(14) ? null : r.GetString(14),
        LastTouch = r.IsDBNull(15) ? null : r.GetString(15),
        CreatedBy = r.IsDBNull(16) ? null : r.GetGuid(16),
        StageEnteredAt = r.GetFieldValue<DateTimeOffset>(17),
        ClosedAt = r.IsDBNull(18) ? null : r.GetFieldValue<DateTimeOffset>(18),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(19),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(20),
    };

    private static string Escape(string s) =>
        s.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
