using Omni.Contacts.Contracts;
using Omni.Leads.Data;
using Omni.Leads.Domain;

namespace Omni.Leads.AutoLeads;

/// <summary>Opens the lead a rule asks for, unless the contact already has an open lead in the org. The check
/// and the insert run under a transaction-scoped advisory lock on (org, contact), so concurrent triggers for
/// one contact (two messages, a message and an event) open one lead.</summary>
internal sealed class AutoLeadOpener(LeadStore leads, PipelineStore pipelines, LeadWriter writer, IContactDirectory contacts)
{
    public async Task<Lead?> OpenAsync(LeadRule rule, Guid contactId, string defaultSource, CancellationToken ct)
    {
        await leads.LockContactAsync(contactId, ct);
        if (await leads.HasOpenLeadAsync(contactId, ct)) return null;
        var contact = await contacts.GetAsync(contactId, ct);
        if (contact is null) return null;
        var pipeline = await pipelines.GetAsync(rule.PipelineId, false, ct);
        var stage = await pipelines.GetStageAsync(rule.StageId, ct);
        if (pipeline is null || stage is null) return null;

        var lead = new Lead
        {
            Id = Guid.CreateVersion7(),
            PipelineId = pipeline.Id,
            StageId = stage.Id,
            Title = LeadFieldRules.Clean(contact.Name) ?? contact.Email ?? contact.Phone ?? "New lead",
            ContactId = contactId,
            Source = rule.Source ?? defaultSource,
            Status = stage.Kind,
            AssigneeId = rule.AssigneeId,
            CustomFields = "{}",
        };
        lead.Title = Omni.Platform.Http.TextLimits.Truncate(lead.Title, LeadFieldRules.MaxTitle);
        await writer.AttributeAsync(lead, ct);
        return await writer.CreateAsync(lead, pipeline, stage, ct);
    }
}
