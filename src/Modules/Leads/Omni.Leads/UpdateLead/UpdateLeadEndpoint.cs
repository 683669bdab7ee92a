using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Data;
using Omni.Leads.Domain;
using Omni.Platform.Database;
using Omni.Platform.Http;

namespace Omni.Leads.UpdateLead;

internal static class UpdateLeadEndpoint
{
    public static async Task<Results<Ok<LeadResponse>, NotFound>> Handle(Guid id, UpdateLeadRequest body, LeadStore leads, LeadWriter writer, CancellationToken ct)
    {
        if (await leads.GetAsync(id, forUpdate: true, ct) is not { } before) return TypedResults.NotFound();
        await writer.RequireMayEditAsync(before, ct);
        var lead = before.Copy();
        var now = DbClock.Now;

        if (body.Title is not null) lead.Title = body.Title.Trim();
        if (body.StageId is not null || body.PipelineId is not null || (body.Status is not null && body.Status != lead.Status))
        {
            var pipelineId = body.PipelineId ?? (body.StageId is null ? lead.PipelineId : null);
            var (_, stage) = await writer.PlaceAsync(pipelineId, body.StageId, body.Status, ct);
            LeadWriter.Move(lead, stage, now);
        }
        if (body.LostReason.IsSet)
        {
            if (lead.Status != LeadStatuses.Lost && body.LostReason.Value is not null)
                throw ApiException.InvalidField("lost_reason", "Only a lost lead has a lost reason.");
            lead.LostReason = LeadFieldRules.Clean(body.LostReason.Value);
        }
        if (body.ContactId.IsSet)
        {
            if (body.ContactId.Value is { } contactId && contactId != before.ContactId) await writer.RequireContactAsync(contactId, ct);
            lead.ContactId = body.ContactId.Value;
        }
        if (body.Value.IsSet) lead.Value = body.Value.Value;
        if (body.Currency.IsSet) lead.Currency = LeadFieldRules.NormalizeCurrency(body.Currency.Value);
        if (lead.Value is not null && lead.Currency is null) throw ApiException.InvalidField("currency", "currency is required with a value.");
        if (body.Source.IsSet) lead.Source = LeadFieldRules.Clean(body.Source.Value);
        if (body.AssigneeId.IsSet)
        {
            if (body.AssigneeId.Value is { } assignee && assignee != before.AssigneeId) await writer.RequireMemberAsync(assignee, "assignee_id", ct);
            lead.AssigneeId = body.AssigneeId.Value;
        }
        if (body.ExpectedCloseDate.IsSet) lead.ExpectedCloseDate = body.ExpectedCloseDate.Value;
        if (CustomFields.AsFields(body.CustomFields) is { } fields)
        {
            lead.CustomFields = CustomFields.Merge(lead.CustomFields, fields);
            if (System.Text.Encoding.UTF8.GetByteCount(lead.CustomFields) > CustomFields.MaxBytes)
                throw ApiException.InvalidField("custom_fields", $"custom_fields would be over {CustomFields.MaxBytes / 1024} KiB.");
        }

        return TypedResults.Ok(LeadResponse.From(await writer.SaveAsync(before, lead, ct)));
    }
}
