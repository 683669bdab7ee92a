using System.Text.Json;
using Omni.Contacts.Contracts;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;
using Omni.Tracking.Contracts;

namespace Omni.Leads;

/// <summary>What every way of creating or changing a lead shares: where it goes (pipeline and stage), the
/// checks on its contact and assignee, its attribution, its activity history and the conversion a stage
/// may report. Runs in the caller's unit of work.</summary>
internal sealed class LeadWriter(LeadStore leads, PipelineStore pipelines, ActivityLog activities, IContactDirectory contacts,
    IContactAttribution attribution, IConversions conversions, OrgMembers members, RequestContext request)
{
    /// <summary>The pipeline and stage a lead goes to: the stage named (of the pipeline named, when both are),
    /// else the pipeline's first stage of kind <paramref name="status"/> (open by default). Without a pipeline,
    /// the org's default one.</summary>
    public async Task<(Pipeline Pipeline, Stage Stage)> PlaceAsync(Guid? pipelineId, Guid? stageId, string? status, CancellationToken ct)
    {
        if (stageId is { } sid)
        {
            var stage = await pipelines.GetStageAsync(sid, ct) ?? throw ApiException.InvalidField("stage_id", "No such stage in this org.");
            if (pipelineId is { } p && p != stage.PipelineId) throw ApiException.InvalidField("stage_id", "The stage is not one of the pipeline's.");
            if (status is not null && status != stage.Kind) throw ApiException.InvalidField("status", $"The stage is of kind '{stage.Kind}': a lead's status follows its stage.");
            return (await pipelines.GetAsync(stage.PipelineId, false, ct) ?? throw ApiException.InvalidField("stage_id", "No such stage in this org."), stage);
        }
        var id = pipelineId ?? await pipelines.EnsureDefaultAsync(ct);
        var pipeline = await pipelines.GetAsync(id, false, ct) ?? throw ApiException.InvalidField("pipeline_id", "No such pipeline in this org.");
        var kind = status ?? LeadStatuses.Open;
        var first = (await pipelines.StagesAsync(id, ct)).FirstOrDefault(s => s.Kind == kind)
            ?? throw ApiException.InvalidField(status is null ? "pipeline_id" : "status", $"The pipeline has no stage of kind '{kind}'.");
        return (pipeline, first);
    }

    public async Task RequireContactAsync(Guid contactId, CancellationToken ct)
    {
        if (await contacts.GetAsync(contactId, ct) is null) throw ApiException.InvalidField("contact_id", "No such contact in this org.");
    }

    public async Task RequireMemberAsync(Guid userId, string field, CancellationToken ct)
    {
        if (!await members.HasRoleAsync(userId, OrgRoles.All, ct)) throw ApiException.InvalidField(field, "The assignee must be a member of the org.");
    }

    /// <summary>Agents may be limited to the leads assigned to them (the org's <c>agents_edit_assigned_only</c>).</summary>
    public async Task RequireMayEditAsync(Lead lead, CancellationToken ct)
    {
        if (!await members.MayEditAssignedAsync(lead.AssigneeId, ct))
            throw new ApiException(403, "lead_not_assigned_to_you", "This org lets agents change only the leads assigned to them.");
    }

    /// <summary>First and last touch from the contact's tracked history (cleared without a contact).</summary>
    public async Task AttributeAsync(Lead lead, CancellationToken ct)
    {
        var touches = lead.ContactId is { } c ? await attribution.GetAsync(c, ct) : null;
        lead.FirstTouch = touches is null ? null : JsonSerializer.Serialize(touches.FirstTouch, ActivityLog.Json);
        lead.LastTouch = touches is null ? null : JsonSerializer.Serialize(touches.LastTouch, ActivityLog.Json);
    }

    /// <summary>Inserts new leads (placed and checked), records their creation and reports the conversions
    /// of those that start in a converting stage.</summary>
    public async Task<List<Lead>> InsertAsync(IReadOnlyList<Lead> drafts, string activityType, IReadOnlyDictionary<Guid, Pipeline> pipelinesById,
        IReadOnlyDictionary<Guid, Stage> stagesById, CancellationToken ct)
    {
        foreach (var d in drafts) d.CreatedBy = request.UserId;
        var saved = await leads.InsertAsync(drafts, ct);
        var byId = saved.ToDictionary(l => l.Id);
        await activities.RecordManyAsync(saved.Select(l => l.Id).ToList(), activityType, id =>
        {
            var l = byId[id];
            return new { pipeline_id = l.PipelineId, stage_id = l.StageId, status = l.Status, assignee_id = l.AssigneeId, contact_id = l.ContactId };
        }, ct);
        foreach (var l in saved)
            await ReportIfConvertingAsync(pipelinesById[l.PipelineId], stagesById[l.StageId], l, ct);
        return saved;
    }

    public async Task<Lead> CreateAsync(Lead draft, Pipeline pipeline, Stage stage, CancellationToken ct) =>
        (await InsertAsync([draft], ActivityTypes.Created, new Dictionary<Guid, Pipeline> { [pipeline.Id] = pipeline },
            new Dictionary<Guid, Stage> { [stage.Id] = stage }, ct))[0];

    /// <summary>Puts the lead in a stage: status follows the stage's kind, a lost reason only stays on lost leads.</summary>
    public static void Move(Lead lead, Stage stage, DateTimeOffset now)
    {
        if (lead.StageId != stage.Id) lead.StageEnteredAt = now;
        lead.PipelineId = stage.PipelineId;
        lead.StageId = stage.Id;
        if (lead.Status != stage.Kind) lead.ClosedAt = stage.Kind == LeadStatuses.Open ? null : now;
        lead.Status = stage.Kind;
        if (stage.Kind != LeadStatuses.Lost) lead.LostReason = null;
    }

    /// <summary>Writes a changed lead and records what changed (stage, status, assignment, other fields).</summary>
    public async Task<Lead> SaveAsync(Lead before, Lead after, CancellationToken ct)
    {
        if (before.ContactId != after.ContactId) await AttributeAsync(after, ct);
        var saved = await leads.UpdateAsync(after, ct);

        if (before.StageId != saved.StageId)
            await activities.RecordAsync(saved.Id, ActivityTypes.StageChanged,
                new { from_stage_id = before.StageId, to_stage_id = saved.StageId, from_pipeline_id = before.PipelineId, to_pipeline_id = saved.PipelineId }, ct);
        if (before.Status != saved.Status || before.LostReason != saved.LostReason)
            await activities.RecordAsync(saved.Id, ActivityTypes.StatusChanged, new { from = before.Status, to = saved.Status, lost_reason = saved.LostReason }, ct);
        if (before.AssigneeId != saved.AssigneeId)
            await activities.RecordAsync(saved.Id, ActivityTypes.Assigned, new { from = before.AssigneeId, to = saved.AssigneeId }, ct);

        var changes = new Dictionary<string, object?>();
        void Diff<T>(string field, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) changes[field] = new { from = a, to = b };
        }
        Diff("title", before.Title, saved.Title);
        Diff("contact_id", before.ContactId, saved.ContactId);
        Diff("value", before.Value, saved.Value);
        Diff("currency", before.Currency, saved.Currency);
        Diff("source", before.Source, saved.Source);
        Diff("expected_close_date", before.ExpectedCloseDate, saved.ExpectedCloseDate);
        if (!JsonElement.DeepEquals(JsonDocument.Parse(before.CustomFields).RootElement, JsonDocument.Parse(saved.CustomFields).RootElement))
            changes["custom_fields"] = new { from = JsonDocument.Parse(before.CustomFields).RootElement, to = JsonDocument.Parse(saved.CustomFields).RootElement };
        if (changes.Count > 0) await activities.RecordAsync(saved.Id, ActivityTypes.Edited, new { changes }, ct);

        if (before.StageId != saved.StageId)
        {
            var pipeline = await pipelines.GetAsync(saved.PipelineId, false, ct);
            var stage = await pipelines.GetStageAsync(saved.StageId, ct);
            if (pipeline is not null && stage is not null) await ReportIfConvertingAsync(pipeline, stage, saved, ct);
        }
        return saved;
    }

    /// <summary>A lead that reaches its pipeline's conversion stage (won by default) with a contact is reported
    /// to Tracking's Conversions API outbox; the event id names lead and stage, so a repeat is deduplicated.</summary>
    private async Task ReportIfConvertingAsync(Pipeline pipeline, Stage stage, Lead lead, CancellationToken ct)
    {
        if (lead.ContactId is not { } contactId || !pipeline.Converts(stage)) return;
        await conversions.ReportAsync(new ConversionReport(contactId, $"lead-{lead.Id}-{stage.Id}", pipeline.ConversionEvent!, lead.Value, lead.Currency,
            DbClock.Now, new Dictionary<string, string> { ["lead_id"] = lead.Id.ToString(), ["stage"] = stage.Name }), ct);
    }
}
