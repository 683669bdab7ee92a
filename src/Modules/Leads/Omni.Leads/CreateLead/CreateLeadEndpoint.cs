using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Omni.Leads.Domain;
using Omni.Platform.Http;

namespace Omni.Leads.CreateLead;

internal static class CreateLeadEndpoint
{
    public static async Task<Created<LeadResponse>> Handle(CreateLeadRequest body, LeadWriter writer, CancellationToken ct)
    {
        var (pipeline, stage) = await writer.PlaceAsync(body.PipelineId, body.StageId, body.Status, ct);
        if (body.ContactId is { } contactId) await writer.RequireContactAsync(contactId, ct);
        if (body.AssigneeId is { } assignee) await writer.RequireMemberAsync(assignee, "assignee_id", ct);
        var lead = new Lead
        {
            Id = Guid.CreateVersion7(),
            PipelineId = pipeline.Id,
            StageId = stage.Id,
            Title = body.Title.Trim(),
            ContactId = body.ContactId,
            Value = body.Value,
            Currency = LeadFieldRules.NormalizeCurrency(body.Currency),
            Source = LeadFieldRules.Clean(body.Source),
            Status = stage.Kind,
            LostReason = stage.Kind == LeadStatuses.Lost ? LeadFieldRules.Clean(body.LostReason) : null,
            AssigneeId = body.AssigneeId,
            ExpectedCloseDate = body.ExpectedCloseDate,
            CustomFields = JsonSerializer.Serialize(CustomFields.AsFields(body.CustomFields) ?? []),
        };
        await writer.AttributeAsync(lead, ct);
        var saved = await writer.CreateAsync(lead, pipeline, stage, ct);
        return TypedResults.Created($"/api/v1/leads/{saved.Id}", LeadResponse.From(saved));
    }
}
